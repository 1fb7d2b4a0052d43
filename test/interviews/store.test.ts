import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadQuestionSets } from '../../src/interviews/questionSets.js';
import { planSteps } from '../../src/interviews/steps.js';
import { startSession, submitStep } from '../../src/interviews/submission.js';
import { listAnswers, replaceAnswers } from '../../src/store/answers.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { getDraft } from '../../src/store/drafts.js';
import {
  declineInterview,
  findInterview,
  listCampaignProgress,
  listInterviewsOfUser,
  markAnswered,
  requestTalk,
} from '../../src/store/interviewResponses.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';
import { seedInterview } from './seed.js';

const taxonomy = loadTaxonomy();
const set = loadQuestionSets('prompts', taxonomy).contributor;
const plan = planSteps(set, taxonomy.motivators.length);
const at = new Date('2026-03-02T10:00:00Z');

describe('interview store against a migrated database', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  it('declines and flags a talk once, and never on a closed campaign', () => {
    const { interviewId } = seedInterview(db, { userId: 'U1' });
    expect(requestTalk(db, interviewId)).toBe(true);
    expect(requestTalk(db, interviewId)).toBe(false);
    expect(declineInterview(db, interviewId, at)).toBe(true);
    expect(declineInterview(db, interviewId, at)).toBe(false);
    expect(findInterview(db, interviewId)).toMatchObject({
      status: 'declined',
      talkRequested: true,
      closedAt: at.toISOString(),
    });

    const closed = seedInterview(db, { userId: 'U2', campaignStatus: 'closed' });
    expect(declineInterview(db, closed.interviewId, at)).toBe(false);
    expect(requestTalk(db, closed.interviewId)).toBe(false);
    expect(
      markAnswered(db, closed.interviewId, 0, {
        petalId: null,
        motivatorIds: [],
        consent: 'none',
        recordedBy: null,
        at,
      }),
    ).toBeUndefined();
  });

  it('moves the version on only from the version it expects', () => {
    const { interviewId } = seedInterview(db, { userId: 'U1' });
    const fields = {
      petalId: 'legal',
      motivatorIds: ['compliance'],
      consent: 'name' as const,
      recordedBy: null,
      at,
    };
    expect(markAnswered(db, interviewId, 0, fields)).toBe(1);
    expect(markAnswered(db, interviewId, 0, fields)).toBeUndefined();
    expect(markAnswered(db, interviewId, 1, { ...fields, consent: 'none' })).toBe(2);
    expect(findInterview(db, interviewId)).toMatchObject({
      version: 2,
      consent: 'none',
      motivatorIds: ['compliance'],
      status: 'answered',
    });
  });

  it('replaces answers in place, keeping row ids, and drops those no longer given', () => {
    const { interviewId } = seedInterview(db, { userId: 'U1' });
    replaceAnswers(
      db,
      interviewId,
      1,
      [
        { questionId: 'a', question: 'A?', text: 'one' },
        { questionId: 'b', question: 'B?', text: 'two' },
      ],
      at,
    );
    const first = listAnswers(db, interviewId);
    replaceAnswers(db, interviewId, 2, [{ questionId: 'a', question: 'A?', text: "it's 🌻 <b>" }], at);
    const second = listAnswers(db, interviewId);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ id: first[0]!.id, text: "it's 🌻 <b>", version: 2 });
  });

  it('lists a person’s interviews and campaign progress', () => {
    const a = seedInterview(db, { userId: 'U1', campaignName: 'First' });
    seedInterview(db, { userId: 'U1', campaignName: 'Second', status: 'removed' });
    db.prepare(
      `INSERT INTO interviews (campaign_id, user_id, audience, status) VALUES (?, 'U2', 'manager', 'declined')`,
    ).run(a.campaignId);
    expect(listInterviewsOfUser(db, 'U1').map((i) => i.campaignName)).toEqual(['First']);
    const progress = listCampaignProgress(db, 10).find((c) => c.id === a.campaignId);
    expect(progress).toMatchObject({ total: 2, invited: 1, declined: 1, answered: 0 });
  });
});

describe('submitStep', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  const input = (
    interviewId: number,
    stepNumber: number,
    viewId: string,
    values: Record<string, string | string[]>,
  ) => ({
    interviewId,
    stepNumber,
    viewId,
    userId: 'U1',
    isStaff: false,
    values,
    set,
    plan,
    taxonomy,
    now: at,
  });
  const s1 = { 'q-technologies': 'TS', 'q-motivations': 'fun' };
  const s2 = { 'q-obstacles': 'time' };
  const s3 = { consent: 'name' };

  it('keeps steps in the draft, stores once, and answers a repeat of the last step as a duplicate', () => {
    const { interviewId } = seedInterview(db, { userId: 'U1' });
    startSession(db, findInterview(db, interviewId)!, 'U1', at);
    expect(submitStep(db, input(interviewId, 1, 'V1', s1)).kind).toBe('next');
    expect(getDraft(db, interviewId)).toMatchObject({ viewId: 'V1', values: { 'q-technologies': 'TS' } });
    expect(submitStep(db, input(interviewId, 2, 'V1', s2)).kind).toBe('next');
    expect(submitStep(db, input(interviewId, 3, 'V1', s3)).kind).toBe('saved');
    expect(submitStep(db, input(interviewId, 3, 'V1', s3)).kind).toBe('duplicate');
    expect(findInterview(db, interviewId)?.version).toBe(1);
    expect(getDraft(db, interviewId)).toMatchObject({ submittedVersion: 1, values: {} });
  });

  it('refuses a stale window and a jump to the last step', () => {
    const { interviewId } = seedInterview(db, { userId: 'U1' });
    startSession(db, findInterview(db, interviewId)!, 'U1', at);
    submitStep(db, input(interviewId, 1, 'V1', s1));
    expect(submitStep(db, input(interviewId, 2, 'V2', s2))).toMatchObject({ kind: 'refused' });

    const other = seedInterview(db, { userId: 'U1', campaignName: 'Other' });
    startSession(db, findInterview(db, other.interviewId)!, 'U1', at);
    const jumped = submitStep(db, input(other.interviewId, 3, 'V9', s3));
    expect(jumped.kind).toBe('refused');
    expect(findInterview(db, other.interviewId)?.version).toBe(0);
  });

  it('lets only one of two windows opened on the same version save', () => {
    const { interviewId } = seedInterview(db, { userId: 'U1' });
    const iv = findInterview(db, interviewId)!;
    startSession(db, iv, 'U1', at);
    startSession(db, iv, 'U1', at);
    for (const [n, v] of [
      [1, s1],
      [2, s2],
      [3, s3],
    ] as const)
      submitStep(db, input(interviewId, n, 'VA', v));
    expect(submitStep(db, input(interviewId, 1, 'VB', s1)).kind).toBe('refused');

    // Interleaved: the window that moved last owns the session; the other one is told, not saved.
    const other = seedInterview(db, { userId: 'U1', campaignName: 'Other' }).interviewId;
    const iv2 = findInterview(db, other)!;
    startSession(db, iv2, 'U1', at);
    startSession(db, iv2, 'U1', at);
    submitStep(db, input(other, 1, 'VA', s1));
    submitStep(db, input(other, 1, 'VB', s1));
    expect(submitStep(db, input(other, 2, 'VA', s2)).kind).toBe('refused');
    expect(submitStep(db, input(other, 2, 'VB', s2)).kind).toBe('next');
    expect(submitStep(db, input(other, 3, 'VB', s3)).kind).toBe('saved');
    expect(findInterview(db, other)?.version).toBe(1);
  });
});
