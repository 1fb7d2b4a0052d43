import { describe, expect, it } from 'vitest';
import { checkAccess } from '../../src/interviews/access.js';
import type { Question, QuestionSet, TextQuestion } from '../../src/interviews/questionSets.js';
import { loadQuestionSets } from '../../src/interviews/questionSets.js';
import {
  BLOCK,
  motivatorGroups,
  motivatorsBlockId,
  planSteps,
  questionBlockId,
} from '../../src/interviews/steps.js';
import { formatIssue, validateBlocks, validateView } from '../../src/sandbox/emulator/validateBlocks.js';
import { homeView } from '../../src/slack/interviews/homeView.js';
import { mineBlocks } from '../../src/slack/interviews/mineView.js';
import {
  interviewStepView,
  messageView,
  stepTitle,
  thankYouView,
} from '../../src/slack/interviews/modalView.js';
import { talkMessage } from '../../src/slack/interviews/talkMessage.js';
import type { AnswerRecord } from '../../src/store/answers.js';
import type { DraftValue } from '../../src/store/drafts.js';
import type { CampaignProgress, InterviewRecord } from '../../src/store/interviewResponses.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';

const taxonomy = loadTaxonomy();
const sets = loadQuestionSets('prompts', taxonomy);

/** Text that is as long as allowed and as hard as possible to show: escapes grow, emoji take two units. */
function longest(max: number): string {
  const unit = '&<>🌻*_`';
  let out = '';
  while (out.length + unit.length <= max) out += unit;
  return out + 'x'.repeat(max - out.length);
}

/** The largest set the loader accepts: 3 steps × 8 questions, every field at its limit. */
function largestSet(): QuestionSet {
  const questions: Question[] = [];
  for (let step = 1; step <= 3; step++) {
    for (let k = 0; k < 8; k++) {
      const id = `${'q'.repeat(60)}-${step}${k}`;
      const base = { id, label: 'L'.repeat(150), hint: 'H'.repeat(150), required: true, step };
      questions.push(
        k % 3 === 2
          ? {
              ...base,
              kind: k % 2 ? 'multi_choice' : 'single_choice',
              options: Array.from({ length: 10 }, (_, o) => ({
                text: `${'O'.repeat(73)}${o}`,
                value: `${'v'.repeat(140)}-${o}`,
              })),
            }
          : { ...base, kind: 'long_text', maxLength: 3000, minLength: 1, placeholder: 'P'.repeat(150) },
      );
    }
  }
  const steps = [1, 2, 3].map((s) => questions.filter((q) => q.step === s));
  return { ...sets.contributor, title: 'T'.repeat(24), intro: '&'.repeat(500), questions, steps };
}

function fullValues(set: QuestionSet): Record<string, DraftValue> {
  const values: Record<string, DraftValue> = {};
  for (const q of set.questions) {
    if (q.kind === 'multi_choice') values[questionBlockId(q.id)] = q.options.map((o) => o.value);
    else if (q.kind === 'single_choice') values[questionBlockId(q.id)] = q.options.at(-1)!.value;
    else values[questionBlockId(q.id)] = longest((q as TextQuestion).maxLength);
  }
  motivatorGroups(taxonomy.motivators).forEach((g, i) => {
    values[motivatorsBlockId(i)] = g.map((m) => m.id);
  });
  values[BLOCK.petal] = taxonomy.petals.at(-1)!.id;
  values[BLOCK.consent] = 'anonymous';
  return values;
}

function interview(over: Partial<InterviewRecord> = {}): InterviewRecord {
  return {
    id: 987654321,
    campaignId: 1,
    userId: 'U0PERSON01',
    audience: 'contributor',
    interviewerId: 'U0STAFF001',
    tz: 'Pacific/Kiritimati',
    status: 'answered',
    talkRequested: true,
    invitedAt: '2026-01-05T10:00:00.000Z',
    answeredAt: '2026-01-06T10:00:00.000Z',
    closedAt: null,
    dmChannel: 'D1',
    dmTs: '1.1',
    petalId: taxonomy.petals[0]!.id,
    motivatorIds: taxonomy.motivators.map((m) => m.id),
    consent: 'name',
    recordedBy: 'U0STAFF001',
    version: 3,
    campaignName: `${'&<>'.repeat(100)}`,
    campaignStatus: 'open',
    campaignDueDate: '2026-12-31',
    ...over,
  };
}

function expectValid(issues: { pointer: string; message: string }[]): void {
  expect(issues.map(formatIssue)).toEqual([]);
}

describe('every interview view passes the Block Kit checks', () => {
  const cases = [
    ...Object.values(sets).map((s) => [s.id, s] as const),
    ['largest possible', largestSet()] as const,
  ];
  for (const [name, set] of cases) {
    it(`${name}: each step empty, filled to the limits, and in record mode`, () => {
      const plan = planSteps(set, taxonomy.motivators.length);
      expect(plan.length).toBeLessThanOrEqual(3);
      for (const step of plan) {
        for (const values of [{}, fullValues(set)]) {
          for (const mode of ['self', 'record'] as const) {
            const view = interviewStepView({
              set,
              step,
              interview: interview({ version: 0 }),
              taxonomy,
              values,
              mode,
            });
            expectValid(validateView(view));
            expect(view.private_metadata).toBe(JSON.stringify({ i: 987654321, s: step.number }));
          }
        }
      }
      expectValid(validateView(thankYouView({ set, interview: interview(), mode: 'self', edited: true })));
      expectValid(validateView(thankYouView({ set, interview: interview(), mode: 'record', edited: false })));
    });
  }

  it('prefills what was typed, and preselects the petal', () => {
    const set = sets.contributor;
    const [step] = planSteps(set, taxonomy.motivators.length);
    const view = interviewStepView({
      set,
      step: step!,
      interview: interview(),
      taxonomy,
      values: { 'q-technologies': 'Emoji 🌻 & <b>' },
      mode: 'self',
    });
    const block = view.blocks.find((b) => 'block_id' in b && b.block_id === 'q-technologies') as {
      element: { initial_value?: string };
    };
    expect(block.element.initial_value).toBe('Emoji 🌻 & <b>');
  });

  it('fits the step into the title when it can, and otherwise keeps the title whole', () => {
    expect(stepTitle('Open source & you', { number: 2, total: 3, questions: [], closing: false })).toBe(
      'Open source & you · 2/3',
    );
    expect(stepTitle('Open source strategy', { number: 2, total: 3, questions: [], closing: false })).toBe(
      'Open source strategy',
    );
    expect(stepTitle('Solo', { number: 1, total: 1, questions: [], closing: true })).toBe('Solo');
  });

  it('messages and the talk request', () => {
    expectValid(validateView(messageView('A'.repeat(40), 'x&'.repeat(2000))));
    for (const status of ['invited', 'answered'] as const) {
      expectValid(validateBlocks(talkMessage(interview({ status })).blocks, 'message'));
    }
  });
});

describe('App Home and mine stay inside Slack limits with the longest answers', () => {
  const set = sets.contributor;
  const answers = (id: number): AnswerRecord[] =>
    set.questions.map((q, i) => ({
      id: id * 100 + i,
      interviewId: id,
      questionId: q.id,
      question: q.label,
      text: q.kind === 'long_text' || q.kind === 'short_text' ? longest(q.maxLength) : 'used, spoke, hacked',
      version: 1,
      answeredAt: '2026-01-06T10:00:00.000Z',
    }));
  const many = Array.from({ length: 30 }, (_, k) =>
    interview({ id: k + 1, status: k % 3 === 0 ? 'invited' : k % 3 === 1 ? 'answered' : 'declined' }),
  );
  const answerMap = new Map(many.map((i) => [i.id, answers(i.id)] as const));
  const campaigns: CampaignProgress[] = Array.from({ length: 25 }, (_, k) => ({
    id: k + 1,
    name: '&'.repeat(150),
    status: 'open',
    dueDate: '2026-12-31',
    total: 2000,
    invited: 100,
    answered: 1500,
    declined: 200,
    expired: 200,
    talks: 7,
  }));

  it('Home: at most 100 blocks, valid, escaped, and says where the rest is', () => {
    const view = homeView({
      userId: 'U0PERSON01',
      interviews: many,
      answers: answerMap,
      sets,
      taxonomy,
      talks: many.slice(0, 5).map((i) => ({ ...i, status: 'invited' })),
      campaigns,
    });
    expectValid(validateView(view));
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const json = JSON.stringify(view);
    expect(json).not.toMatch(/<>/);
    expect(json).toContain('/ospo-survey mine');
    expect(json).toContain('home_status');
    expect(Buffer.byteLength(json)).toBeLessThan(250_000);
  });

  it('Home for someone with nothing yet', () => {
    const view = homeView({ userId: 'U1', interviews: [], answers: new Map(), sets, taxonomy, talks: [] });
    expectValid(validateView(view));
    expect(JSON.stringify(view)).toContain('Nothing to answer right now');
  });

  it('mine: at most 50 blocks, valid, with Start and Edit buttons', () => {
    const blocks = mineBlocks(many, answerMap, sets);
    expectValid(validateBlocks(blocks, 'message'));
    expect(blocks.length).toBeLessThanOrEqual(50);
    const json = JSON.stringify(blocks);
    expect(json).toContain('"Start"');
    expect(json).toContain('"Edit answers"');
    expect(json).toContain('Spoke or wrote about open source');
  });
});

describe('refusals', () => {
  it('a closed campaign is named without letting its name act as markup', () => {
    const access = checkAccess(
      interview({ campaignName: 'Q2 <!channel> & <https://evil.example|docs>', campaignStatus: 'closed' }),
      interview().userId,
      'answer',
      { isStaff: false },
    );
    expect(access.ok).toBe(false);
    const message = access.ok ? '' : access.message;
    expect(message).toContain('Q2 &lt;!channel&gt; &amp; &lt;https://evil.example|docs&gt;');
    expect(message).not.toMatch(/<!channel>|<https:/);
  });
});
