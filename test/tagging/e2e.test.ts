import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit.js';
import { loadTagger } from '../../src/tagging/loadTagger.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { seedInterview, sendInvitation } from '../interviews/seed.js';

/**
 * Tagging as the OSPO meets it: answers submitted in Slack are tagged by the background worker, an unsure one
 * shows up in staff's review queue, a staff correction replaces its tags, and a similar answer given later is
 * tagged the way staff taught. Everything goes through signed requests to the real bot and the Slack emulator.
 */

type Row = Record<string, unknown>;

const VAGUE = 'Mostly the hackathon weekends with the mobile folks, and the Kotlin meetups in Lisbon.';
const LATER = 'The hackathon weekends with the mobile folks, plus Kotlin meetups in Lisbon.';

const STEP1 = {
  'q-technologies': 'We keep an SBOM and scan the licences of every npm package we use for CVEs.',
  'q-projects': null,
  'q-activities': ['used'],
  'q-motivations': VAGUE,
};
const STEP2 = {
  'q-obstacles': 'CLA approvals take weeks.',
  'q-approvals': null,
  'q-recognition': null,
  'q-learning': null,
};
const STEP3 = {
  'q-processes': 'InnerSource for our shared libraries',
  'q-champions': null,
  'q-ospo-help': null,
  'q-message-to-management': null,
  petal: 'ecosystem',
  'motivators-0': [],
  'motivators-1': [],
  consent: 'anonymous',
};

async function answerInSlack(h: Harness, userId: string, motivations: string): Promise<number> {
  const { interviewId } = seedInterview(h.db, { userId });
  const dm = await sendInvitation(h.ctx, interviewId);
  const from = h.emulator.calls.length;
  await h.slack.blockAction({ userId, actionId: 'interview_start', message: dm });
  await h.emulator.waitFor((c) => c.seq >= from && c.method === 'views.open' && c.status === 200, 5_000);
  const r1 = await h.slack.viewSubmission({ userId, values: { ...STEP1, 'q-motivations': motivations } });
  expect(r1.json).toMatchObject({ response_action: 'update' });
  const r2 = await h.slack.viewSubmission({ userId, values: STEP2 });
  expect(r2.json).toMatchObject({ response_action: 'update' });
  const last = await h.slack.viewSubmission({ userId, values: STEP3 });
  expect(JSON.stringify(last.json)).toContain('Thank you!');
  return interviewId;
}

function answerId(h: Harness, interviewId: number, questionId: string): number {
  return h.db
    .prepare('SELECT id FROM answers WHERE interview_id = ? AND question_id = ?')
    .pluck()
    .get(interviewId, questionId) as number;
}

/** Waits until the background worker has tagged every answer of the interview. */
async function taggedInBackground(h: Harness, interviewId: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const left = h.db
      .prepare(
        `SELECT count(*) FROM answers a LEFT JOIN tagging_runs r ON r.answer_id = a.id AND r.answer_version = a.version
          WHERE a.interview_id = ? AND r.answer_id IS NULL`,
      )
      .pluck()
      .get(interviewId) as number;
    if (left === 0) return;
    if (Date.now() > deadline) throw new Error(`interview ${interviewId}: ${left} answers still untagged`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function tags(h: Harness, id: number): Row[] {
  return h.db
    .prepare('SELECT kind, label, source FROM tags WHERE answer_id = ? ORDER BY kind, source, label')
    .all(id) as Row[];
}

describe('tagging answers given in Slack', () => {
  let h: Harness;
  /** The stage staff set in the review, which later answers like it should get. */
  let taught = 'stage-3';
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('tags in the background, queues the unsure answer, and learns from the staff correction', async () => {
    const first = await answerInSlack(h, h.workspace.humanIds[3]!, VAGUE);
    await taggedInBackground(h, first);
    const vague = answerId(h, first, 'motivations');
    const clear = answerId(h, first, 'technologies');
    expect(tags(h, vague)).toContainEqual({ kind: 'petal', label: 'ecosystem', source: 'self' });
    const firstStage = tags(h, vague).find((t) => t.kind === 'stage');
    expect(firstStage).toMatchObject({ source: 'auto' });
    // Staff will move the stage somewhere the tagger did not put it.
    taught = firstStage!.label === 'stage-3' ? 'stage-4' : 'stage-3';

    // Staff open the queue: the unsure answer is in it, the answer with nothing to doubt is not.
    let from = h.emulator.calls.length;
    const command = await h.slack.command({ userId: h.staffId, text: 'tags' });
    expect(command.status).toBe(200);
    await h.emulator.waitFor((c) => c.seq >= from && c.method === 'views.open' && c.status === 200, 5_000);
    const queue = h.emulator.openViews(h.staffId).at(-1)!;
    const queueJson = JSON.stringify(queue.blocks);
    expect(queueJson).toContain('hackathon weekends');
    expect(queueJson).toContain(`"value":"${vague}"`);
    expect(queueJson).not.toContain(`"value":"${clear}"`);

    // Someone who is not staff cannot open it.
    from = h.emulator.calls.length;
    await h.slack.command({ userId: h.memberId, text: 'tags' });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.emulator.calls.slice(from).some((c) => c.method === 'views.open')).toBe(false);

    // Review: the modal shows the answer and its suggestions; staff change them.
    from = h.emulator.calls.length;
    await h.slack.blockAction({
      userId: h.staffId,
      actionId: 'tagging-open-review',
      value: String(vague),
      view: { id: queue.id },
    });
    await h.emulator.waitFor((c) => c.seq >= from && c.method === 'views.push' && c.status === 200, 5_000);
    const review = h.emulator.openViews(h.staffId).at(-1)!;
    expect(JSON.stringify(review.blocks)).toContain('Kotlin meetups in Lisbon');
    expect(JSON.stringify(review.blocks)).toContain('chosen by the interviewee');

    const empty = await h.slack.viewSubmission({
      userId: h.staffId,
      values: { petals: [], stage: taught, motivators: [] },
    });
    expect(empty.json).toMatchObject({
      response_action: 'errors',
      errors: { petals: 'Choose at least one petal.' },
    });

    from = h.emulator.calls.length;
    const saved = await h.slack.viewSubmission({
      userId: h.staffId,
      values: { petals: ['ecosystem', 'business'], stage: taught, motivators: ['community-approach'] },
    });
    expect(saved.status).toBe(200);
    expect(saved.viewOutcome?.ok).toBe(true);
    expect(tags(h, vague)).toEqual([
      { kind: 'motivator', label: 'community-approach', source: 'staff' },
      { kind: 'petal', label: 'ecosystem', source: 'self' },
      { kind: 'petal', label: 'business', source: 'staff' },
      { kind: 'petal', label: 'ecosystem', source: 'staff' },
      { kind: 'stage', label: taught, source: 'staff' },
    ]);
    // The queue under the review is refreshed without the answer.
    await h.emulator.waitFor((c) => c.seq >= from && c.method === 'views.update' && c.status === 200, 5_000);
    expect(JSON.stringify(h.emulator.openViews(h.staffId).at(-1)!.blocks)).not.toContain(
      `"value":"${vague}"`,
    );

    // A similar answer given later is tagged as staff taught, not as the taxonomy alone would.
    const untaught = loadTagger(h.ctx.taxonomy).tag({
      text: LATER,
      audience: 'contributor',
      selfPetal: 'ecosystem',
    });
    expect(untaught.stage.id).not.toBe(taught);
    expect(untaught.petals.map((p) => p.id)).not.toContain('business');

    const second = await answerInSlack(h, h.workspace.humanIds[4]!, LATER);
    await taggedInBackground(h, second);
    const later = answerId(h, second, 'motivations');
    expect(tags(h, later)).toEqual(
      expect.arrayContaining([
        { kind: 'stage', label: taught, source: 'auto' },
        { kind: 'petal', label: 'business', source: 'auto' },
        { kind: 'motivator', label: 'community-approach', source: 'auto' },
      ]),
    );
    const evidence = JSON.parse(
      h.db
        .prepare("SELECT evidence_json FROM tags WHERE answer_id = ? AND kind = 'stage'")
        .pluck()
        .get(later) as string,
    );
    expect(evidence).toContainEqual(expect.objectContaining({ type: 'learned', answerId: vague }));
  });

  it('re-tags on a staff command: "retag" finds nothing stale, "retag all" tags every answer again', async () => {
    /** Sends the command and waits for a reply containing `expected` (a refusal is followed by other replies). */
    const replies = async (userId: string, text: string, expected: string) => {
      const before = h.emulator.callsTo('response_url').length;
      await h.slack.command({ userId, text });
      const call = await h.emulator.waitFor(
        (c) =>
          c.method === 'response_url' &&
          h.emulator.callsTo('response_url').indexOf(c) >= before &&
          JSON.stringify(c.args).includes(expected),
        5_000,
      );
      return JSON.stringify(call.args);
    };
    await replies(h.memberId, 'retag all', 'is for the OSPO team');
    await replies(h.staffId, 'retag', 'already tagged with the current taxonomy; nothing to do');

    // "retag all" walks every answer again: one whose tags were lost comes back tagged as the review taught.
    const older = h.db.prepare('SELECT id FROM answers WHERE text = ?').pluck().get(LATER) as number;
    h.db.prepare('DELETE FROM tags WHERE answer_id = ?').run(older);
    await replies(
      h.staffId,
      'retag all',
      'Re-tagging every answer in the background, using 1 staff review as examples',
    );
    const deadline = Date.now() + 15_000;
    while (tags(h, older).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(tags(h, older)).toContainEqual({ kind: 'stage', label: taught, source: 'auto' });
    // Both staff re-tags are in the audit log; the refused one is not.
    const audited = listAudit(h.db, { action: 'tags.retag' });
    expect(audited.map((e) => e.actor)).toEqual([h.staffId, h.staffId]);
  });
});
