import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';
import { seedInterview, sendInvitation } from './seed.js';

/**
 * The whole interviewee path, driven as Slack drives it: signed requests to the real bot, the emulator in place of
 * Slack, and assertions on what the person would see (modals, messages, Home) and what the store keeps.
 */

const TRICKY =
  "Robert'); DROP TABLE answers;-- <!channel> *bold* & <https://evil.example|click> 🌻 naïve 日本語";

type Row = Record<string, unknown>;

function interviewRow(h: Harness, id: number): Row {
  return h.db.prepare('SELECT * FROM interviews WHERE id = ?').get(id) as Row;
}

function answers(h: Harness, id: number): Row[] {
  return h.db
    .prepare('SELECT question_id, text, version FROM answers WHERE interview_id = ? ORDER BY id')
    .all(id) as Row[];
}

/** Runs `act`, then waits for the first call it caused that matches (earlier calls do not count). */
async function andWait(
  h: Harness,
  act: () => Promise<unknown>,
  match: (c: { method: string; args: Row; status: number }) => boolean,
) {
  const from = h.emulator.calls.length;
  await act();
  return h.emulator.waitFor((c) => c.seq >= from && match(c), 5_000);
}

const opened = (c: { method: string; status: number }) => c.method === 'views.open' && c.status === 200;

function topView(h: Harness, userId: string) {
  return h.emulator.openViews(userId).at(-1);
}

function viewText(view: { blocks: unknown[]; title?: unknown } | undefined): string {
  return JSON.stringify(view ?? {});
}

const STEP1 = {
  'q-technologies': 'Node.js and PostgreSQL, every day.',
  'q-projects': null,
  'q-activities': ['used', 'reported'],
  'q-motivations': TRICKY,
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
  'motivators-0': ['standardised-processes'],
  'motivators-1': [],
  consent: 'anonymous',
};

async function walkModal(
  h: Harness,
  userId: string,
  step3: Record<string, string | string[] | null> = STEP3,
) {
  const r1 = await h.slack.viewSubmission({ userId, values: STEP1 });
  expect(r1.json).toMatchObject({ response_action: 'update' });
  expect(r1.viewOutcome?.ok).toBe(true);
  expect(viewText(topView(h, userId))).toContain('Step 2 of 3');
  const r2 = await h.slack.viewSubmission({ userId, values: STEP2 });
  expect(r2.viewOutcome?.ok).toBe(true);
  expect(viewText(topView(h, userId))).toContain('Step 3 of 3');
  const view3 = topView(h, userId)!;
  const r3 = await h.slack.viewSubmission({ userId, values: step3 });
  return { r3, view3 };
}

describe('answering an interview', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ background: false });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('walks invitation → Start → three steps → consent → stored answers, updated DM and Home', async () => {
    const userId = h.workspace.humanIds[5]!;
    const { interviewId } = seedInterview(h.db, { userId });
    const dm = await sendInvitation(h.ctx, interviewId);

    await andWait(
      h,
      async () => {
        const click = await h.slack.blockAction({ userId, actionId: 'interview_start', message: dm });
        expect(click.status).toBe(200);
      },
      opened,
    );
    const first = topView(h, userId);
    expect(viewText(first)).toContain('Step 1 of 3');
    expect(viewText(first)).toContain('Which open source technologies');

    // A required question left empty comes back as an error on its block, and nothing moves on.
    const empty = await h.slack.viewSubmission({ userId, values: { ...STEP1, 'q-technologies': '   ' } });
    expect(empty.json).toMatchObject({
      response_action: 'errors',
      errors: { 'q-technologies': expect.any(String) },
    });
    expect(viewText(topView(h, userId))).toContain('Step 1 of 3');

    const { r3 } = await walkModal(h, userId);
    expect(r3.json).toMatchObject({ response_action: 'update' });
    expect(viewText(topView(h, userId))).toContain('Thank you!');

    const row = interviewRow(h, interviewId);
    expect(row).toMatchObject({
      status: 'answered',
      version: 1,
      petal_id: 'ecosystem',
      consent: 'anonymous',
      recorded_by: null,
    });
    expect(JSON.parse(String(row.motivator_ids))).toEqual(['standardised-processes']);
    const stored = answers(h, interviewId);
    expect(stored.map((a) => a.question_id)).toEqual([
      'technologies',
      'activities',
      'motivations',
      'obstacles',
      'processes',
    ]);
    expect(stored.find((a) => a.question_id === 'motivations')?.text).toBe(TRICKY);
    expect(stored.find((a) => a.question_id === 'activities')?.text).toBe('used, reported');

    // The invitation now says it is done, with no buttons left to press.
    await h.emulator.waitFor((c) => c.method === 'chat.update' && c.args.ts === dm.ts);
    const message = h.emulator.messagesTo(userId).find((m) => m.ts === dm.ts)!;
    expect(message.text).toContain('Thank you');
    expect(JSON.stringify(message.blocks)).not.toContain('interview_start');

    // Home shows the answers back, escaped: the mention and the link do not become live.
    await h.emulator.waitFor((c) => c.method === 'views.publish' && c.args.user_id === userId);
    const home = JSON.stringify(h.emulator.homeView(userId)?.blocks);
    expect(home).toContain('CLA approvals take weeks.');
    expect(home).toContain('&lt;!channel&gt;');
    expect(home).not.toContain('<!channel>');
    expect(home).toContain('Reported a bug');

    // Tagging is queued for this version, outside the acknowledgement.
    const job = await h.ctx.queues.tagging.getJob(`tag-${interviewId}-v1`);
    expect(job?.data).toEqual({ interviewId, version: 1 });
  });

  it('stores one version when the last submission is retried or two race', async () => {
    const userId = h.workspace.humanIds[6]!;
    const { interviewId } = seedInterview(h.db, { userId });
    const dm = await sendInvitation(h.ctx, interviewId);
    await andWait(h, () => h.slack.blockAction({ userId, actionId: 'interview_start', message: dm }), opened);
    await h.slack.viewSubmission({ userId, values: STEP1 });
    await h.slack.viewSubmission({ userId, values: STEP2 });
    const view3 = topView(h, userId)!;
    // Two deliveries of the same submission at once, then Slack's retry of it.
    const [a, b] = await Promise.all([
      h.slack.viewSubmission({ userId, viewId: view3.id, values: STEP3 }),
      h.slack.viewSubmission({ userId, viewId: view3.id, values: STEP3 }),
    ]);
    const retry = await h.slack.viewSubmission(
      { userId, viewId: view3.id, view: { ...view3 }, values: STEP3 },
      { retryNum: 1, retryReason: 'http_timeout' },
    );
    for (const r of [a, b, retry]) {
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.json)).toContain('Thank you!');
    }
    expect(interviewRow(h, interviewId)).toMatchObject({ status: 'answered', version: 1 });
    expect(answers(h, interviewId).every((x) => x.version === 1)).toBe(true);
    expect(await h.ctx.queues.tagging.getJob(`tag-${interviewId}-v2`)).toBeUndefined();
  });

  it('reopens with the stored answers and keeps an edit as the next version', async () => {
    const userId = h.workspace.humanIds[7]!;
    const { interviewId } = seedInterview(h.db, { userId });
    const dm = await sendInvitation(h.ctx, interviewId);
    await andWait(h, () => h.slack.blockAction({ userId, actionId: 'interview_start', message: dm }), opened);
    await walkModal(h, userId);
    h.emulator.closeView(userId, topView(h, userId)!.id, true);

    await andWait(
      h,
      () => h.slack.event({ type: 'app_home_opened', user: userId, tab: 'home' }),
      (c) => c.method === 'views.publish' && c.args.user_id === userId,
    );
    const home = h.emulator.homeView(userId)!;
    expect(JSON.stringify(home.blocks)).toContain('Edit answers');
    // Past the double-click window, so this click counts as a new one.
    await new Promise((r) => setTimeout(r, 1_600));
    await andWait(
      h,
      () =>
        h.slack.blockAction({
          userId,
          actionId: 'interview_start',
          value: String(interviewId),
          view: { id: home.id },
        }),
      opened,
    );
    const reopened = viewText(topView(h, userId));
    expect(reopened).toContain('Node.js and PostgreSQL, every day.');

    await h.slack.viewSubmission({ userId, values: { ...STEP1, 'q-technologies': 'Rust now, too.' } });
    await h.slack.viewSubmission({ userId, values: STEP2 });
    const last = viewText(topView(h, userId));
    expect(last).toContain('Save changes');
    await h.slack.viewSubmission({ userId, values: { ...STEP3, consent: 'name' } });
    expect(interviewRow(h, interviewId)).toMatchObject({ version: 2, consent: 'name' });
    expect(answers(h, interviewId).find((a) => a.question_id === 'technologies')).toMatchObject({
      text: 'Rust now, too.',
      version: 2,
    });
    expect(await h.ctx.queues.tagging.getJob(`tag-${interviewId}-v2`)).toBeDefined();
  });
});
