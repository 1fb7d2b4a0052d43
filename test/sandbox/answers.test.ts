import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIENCES } from '../../src/interviews/audience.js';
import { loadQuestionSets } from '../../src/interviews/questionSets.js';
import { motivatorGroups, planSteps } from '../../src/interviews/steps.js';
import { readStepValues, type StateValues } from '../../src/interviews/stepValues.js';
import { collectSubmission } from '../../src/interviews/validateAnswers.js';
import { buildStateValues } from '../../src/sandbox/emulator/stateValues.js';
import { ANSWERS_FILE, loadSandboxAnswers } from '../../src/sandbox/story/answers.js';
import { buildCast, sandboxWorkspace } from '../../src/sandbox/story/cast.js';
import { fillInterviewStep } from '../../src/sandbox/story/fillModal.js';
import { TIMELINE } from '../../src/sandbox/story/script.js';
import { stageFromText } from '../../src/sandbox/story/tags.js';
import { repoRoot } from '../../src/shared/loadYaml.js';
import { interviewStepView } from '../../src/slack/interviews/modalView.js';
import type { DraftValue } from '../../src/store/drafts.js';
import type { InterviewRecord } from '../../src/store/interviewResponses.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';

const taxonomy = loadTaxonomy();
const sets = loadQuestionSets('prompts', taxonomy);
const answers = loadSandboxAnswers(sets, taxonomy);

const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-answers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The shipped file with one edit, written next to the test. */
function edited(edit: (text: string) => string): string {
  const file = path.join(dir, `answers-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, edit(readFileSync(path.join(repoRoot, ANSWERS_FILE), 'utf8')));
  return file;
}

function interview(audience: string): InterviewRecord {
  return {
    id: 7,
    campaignId: 1,
    userId: 'U00000008',
    audience,
    interviewerId: null,
    tz: 'Europe/Berlin',
    status: 'invited',
    talkRequested: false,
    invitedAt: null,
    answeredAt: null,
    closedAt: null,
    dmChannel: null,
    dmTs: null,
    petalId: null,
    motivatorIds: [],
    consent: null,
    recordedBy: null,
    version: 0,
    campaignName: 'Sandbox',
    campaignStatus: 'open',
    campaignDueDate: '2026-03-13',
  };
}

describe('data/sandbox/answers.yml', () => {
  it('has answers for every kind of person the story needs, in several voices', () => {
    expect(answers.pools.executive.length).toBeGreaterThanOrEqual(2);
    expect(answers.pools.manager.length).toBeGreaterThanOrEqual(4);
    expect(answers.pools.contributor.length).toBeGreaterThanOrEqual(8);
    expect(answers.pools.legal.map((a) => a.audience).sort()).toEqual(['executive', 'manager', 'manager']);
    // Different lengths and styles: the longest motivation is many times the shortest.
    const lengths = Object.values(answers.pools)
      .flat()
      .map((a) => String(a.answers.motivations ?? '').length);
    expect(Math.max(...lengths)).toBeGreaterThan(5 * Math.min(...lengths));
    const consents = new Set(
      Object.values(answers.pools)
        .flat()
        .map((a) => a.consent),
    );
    expect([...consents].sort()).toEqual(['anonymous', 'name', 'none']);
  });

  it('fills every step of the real interview modal so the whole answer passes the app’s own checks', () => {
    const all = [...Object.values(answers.pools).flat(), answers.talk];
    for (const set of all) {
      const questionSet = sets[set.audience];
      const plan = planSteps(questionSet, taxonomy.motivators.length);
      const given: Record<string, DraftValue> = {};
      for (const step of plan) {
        const view = interviewStepView({
          set: questionSet,
          step,
          interview: interview(set.audience),
          taxonomy,
          values: {},
          mode: 'self',
        });
        // The emulator builds Slack's state from these (an option the view does not offer throws here), then the
        // app reads the step back as it does from a real submission.
        const state = buildStateValues(view.blocks, fillInterviewStep(view.blocks, set));
        Object.assign(
          given,
          readStepValues(step, state as StateValues, motivatorGroups(taxonomy.motivators).length),
        );
      }
      const collected = collectSubmission(questionSet, given, taxonomy);
      expect(collected, set.voice).toMatchObject({ ok: true });
      if (!collected.ok) continue;
      expect(collected.submission.petalId).toBe(set.petal);
      expect(collected.submission.consent).toBe(set.consent);
      expect([...collected.submission.motivatorIds].sort()).toEqual([...set.motivators].sort());
      const typed = Object.entries(set.answers).filter(([, v]) => typeof v === 'string');
      for (const [questionId, text] of typed) {
        expect(collected.submission.answers.find((a) => a.questionId === questionId)?.text).toBe(text);
      }
    }
  });

  it('names the place of each mistake: an unknown question, a missing required one, an option not offered', () => {
    const file = edited((t) =>
      t
        .replace('      technologies: Postgres, Grafana', '      tecnologies: Postgres, Grafana')
        .replace('risk-appetite: balanced', 'risk-appetite: reckless')
        .replace(
          'petal: business\n    motivators: [cost, innovation',
          'petal: marketing\n    motivators: [cost, innovation',
        ),
    );
    let message = '';
    try {
      loadSandboxAnswers(sets, taxonomy, file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(
      /managers\[3\]\.answers\.tecnologies: prompts\/manager\.yml has no question "tecnologies"/,
    );
    expect(message).toMatch(
      /managers\[3\]\.answers: answers nothing to the required question "technologies"/,
    );
    expect(message).toMatch(/executives\[0\]\.answers\.risk-appetite: "reckless" is not offered/);
    expect(message).toMatch(/executives\[1\]\.petal: "marketing" is not a petal/);
    expect(message).toMatch(/:\d+:\d+: /);
  });
});

describe('the cast', () => {
  const cast = buildCast(sandboxWorkspace(TIMELINE.newCampaign), answers);

  it('spans many time zones and every audience, with one decline, one live talk and some Later', () => {
    expect(cast.members.length).toBe(20);
    expect(new Set(cast.members.map((m) => m.tz)).size).toBeGreaterThanOrEqual(15);
    for (const a of AUDIENCES) expect(cast.members.some((m) => m.audience === a)).toBe(true);
    const plans = cast.members.map((m) => m.plan.join(','));
    expect(plans.filter((p) => p === 'decline')).toHaveLength(1);
    expect(plans.filter((p) => p === 'talk')).toHaveLength(1);
    expect(plans.filter((p) => p.startsWith('later')).length).toBeGreaterThanOrEqual(2);
  });

  it('gives everyone who answers a different answer set written for their question set', () => {
    const answering = cast.members.filter((m) => m.plan.includes('answer'));
    for (const m of answering) expect(m.answers?.audience, m.name).toBe(m.audience);
    expect(new Set(answering.map((m) => m.answers)).size).toBe(answering.length);
    const legal = cast.members.filter((m) => m.title.includes('Counsel') || m.title.includes('Legal'));
    expect(legal.length).toBeGreaterThanOrEqual(3);
    for (const m of legal) expect(answers.pools.legal).toContain(m.answers);
  });
});

describe('the tag reviewer', () => {
  const stages = taxonomy.referenceModel.stages.map((s) => s.id);

  it('reads a stage only from what an answer plainly says', () => {
    expect(stageFromText('I maintain one Backstage plugin upstream.', taxonomy)).toBe(stages[3]);
    expect(stageFromText('We send fixes upstream when we can.', taxonomy)).toBe(stages[2]);
    expect(stageFromText('No SBOM for half our services.', taxonomy)).toBe(stages[1]);
    expect(stageFromText('Speed, mostly.', taxonomy)).toBeUndefined();
  });
});
