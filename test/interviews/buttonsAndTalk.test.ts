import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';
import { seedInterview, sendInvitation } from './seed.js';

type Row = Record<string, unknown>;
type Call = { seq: number; method: string; args: Row; status: number };

async function andWait(h: Harness, act: () => Promise<unknown>, match: (c: Call) => boolean) {
  const from = h.emulator.calls.length;
  await act();
  return h.emulator.waitFor((c) => c.seq >= from && match(c), 5_000);
}

function row(h: Harness, id: number): Row {
  return h.db.prepare('SELECT * FROM interviews WHERE id = ?').get(id) as Row;
}

function ephemeralTexts(h: Harness, userId: string): string[] {
  return h.emulator.ephemeralsTo(userId).map((e) => e.text);
}

const STEP1 = { 'q-technologies': 'Go and Kubernetes', 'q-motivations': 'Fixing what bothers me' };
const STEP2 = { 'q-obstacles': 'Nobody to ask' };
const STEP3 = { petal: 'individual-contributors', consent: 'none' };

describe('the invitation buttons', () => {
  let h: Harness;
  let n = 10;
  const nextUser = () => h.workspace.humanIds[n++]!;
  beforeAll(async () => {
    h = await startHarness({ background: false });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('Decline closes the interview once, even on a double click, and leaves no buttons', async () => {
    const userId = nextUser();
    const { interviewId } = seedInterview(h.db, { userId });
    const dm = await sendInvitation(h.ctx, interviewId);
    await andWait(
      h,
      () =>
        Promise.all([
          h.slack.blockAction({ userId, actionId: 'interview_decline', message: dm }),
          h.slack.blockAction({ userId, actionId: 'interview_decline', message: dm }, { retryNum: 1 }),
        ]),
      (c) => c.method === 'views.publish' && c.args.user_id === userId,
    );
    const r = row(h, interviewId);
    expect(r.status).toBe('declined');
    expect(r.closed_at).not.toBeNull();
    const message = h.emulator.messagesTo(userId).find((m) => m.ts === dm.ts)!;
    expect(message.text).toContain('You declined');
    expect(JSON.stringify(message.blocks)).not.toContain('"button"');
    expect(ephemeralTexts(h, userId)).toEqual([]);

    // Start on a declined interview says why and opens nothing.
    const opens = h.emulator.callsTo('views.open').length;
    await andWait(
      h,
      () =>
        h.slack.blockAction({ userId, actionId: 'interview_start', value: String(interviewId), message: dm }),
      (c) => c.method === 'response_url',
    );
    expect(ephemeralTexts(h, userId).at(-1)).toContain('You declined this interview');
    expect(h.emulator.callsTo('views.open').length).toBe(opens);
  });

  it('Later moves the reminder to the next working morning and says when', async () => {
    const userId = nextUser();
    const { interviewId } = seedInterview(h.db, { userId });
    const dm = await sendInvitation(h.ctx, interviewId);
    await andWait(
      h,
      () => h.slack.blockAction({ userId, actionId: 'interview_later', message: dm }),
      (c) => c.method === 'response_url',
    );
    const r = row(h, interviewId);
    expect(r.status).toBe('invited');
    expect(typeof r.snoozed_until).toBe('string');
    expect(Date.parse(String(r.snoozed_until))).toBeGreaterThan(Date.now());
    expect(ephemeralTexts(h, userId).at(-1)).toContain('I will remind you');
  });

  it("I'd rather talk tells the interviewer once, who records the answers on the person's behalf", async () => {
    const userId = nextUser();
    const interviewerId = h.staffId;
    const { interviewId } = seedInterview(h.db, { userId, interviewerId });
    const dm = await sendInvitation(h.ctx, interviewId);
    await andWait(
      h,
      () =>
        Promise.all([
          h.slack.blockAction({ userId, actionId: 'interview_talk', message: dm }),
          h.slack.blockAction({ userId, actionId: 'interview_talk', message: dm }),
        ]),
      (c) => c.method === 'views.publish' && c.args.user_id === interviewerId,
    );
    expect(row(h, interviewId)).toMatchObject({ talk_requested: 1, status: 'invited' });
    const told = h.emulator
      .messagesTo(interviewerId)
      .filter((m) => JSON.stringify(m.blocks).includes('talk_record'));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('live talk');
    const invitation = h.emulator.messagesTo(userId).find((m) => m.ts === dm.ts)!;
    expect(invitation.text).toContain('asked to talk');

    // Someone else pressing "Record notes" is refused and changes nothing.
    const stranger = nextUser();
    await andWait(
      h,
      () =>
        h.slack.blockAction({
          userId: stranger,
          actionId: 'talk_record',
          value: String(interviewId),
          message: { ts: told[0]!.ts, channel: told[0]!.channel },
        }),
      (c) => c.method === 'response_url',
    );
    expect(ephemeralTexts(h, stranger).at(-1)).toContain('Only <@');

    await andWait(
      h,
      () =>
        h.slack.blockAction({
          userId: interviewerId,
          actionId: 'talk_record',
          message: { ts: told[0]!.ts, channel: told[0]!.channel },
        }),
      (c) => c.method === 'views.open' && c.status === 200,
    );
    const modal = h.emulator.openViews(interviewerId).at(-1)!;
    expect(JSON.stringify(modal.blocks)).toContain('You are recording');
    await h.slack.viewSubmission({ userId: interviewerId, values: STEP1 });
    await h.slack.viewSubmission({ userId: interviewerId, values: STEP2 });
    const done = await h.slack.viewSubmission({ userId: interviewerId, values: STEP3 });
    expect(JSON.stringify(done.json)).toContain('recorded by you');
    expect(row(h, interviewId)).toMatchObject({
      status: 'answered',
      recorded_by: interviewerId,
      consent: 'none',
    });
    const talkMessage = await h.emulator.waitFor(
      (c) =>
        c.method === 'chat.update' &&
        c.args.ts === told[0]!.ts &&
        String(c.args.text).includes('Notes recorded'),
    );
    expect(talkMessage.status).toBe(200);
  });
});

describe('bad input changes nothing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ background: false });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('an unknown interview id gets a clear message', async () => {
    const userId = h.workspace.humanIds[3]!;
    const { interviewId } = seedInterview(h.db, { userId });
    const dm = await sendInvitation(h.ctx, interviewId);
    for (const value of ['999999', 'not-a-number', '']) {
      await andWait(
        h,
        () => h.slack.blockAction({ userId, actionId: 'interview_decline', value, message: dm }),
        (c) => c.method === 'response_url',
      );
      expect(h.emulator.ephemeralsTo(userId).at(-1)?.text).toContain('could not find that interview');
    }
    expect(row(h, interviewId).status).toBe('invited');
  });

  it("another person's interview is not theirs to decline, answer or submit", async () => {
    const owner = h.workspace.humanIds[4]!;
    const intruder = h.workspace.humanIds[5]!;
    const { interviewId } = seedInterview(h.db, { userId: owner });
    const dm = await sendInvitation(h.ctx, interviewId);
    await andWait(
      h,
      () =>
        h.slack.blockAction({
          userId: intruder,
          actionId: 'interview_decline',
          value: String(interviewId),
          message: dm,
        }),
      (c) => c.method === 'response_url',
    );
    expect(h.emulator.ephemeralsTo(intruder).at(-1)?.text).toContain('belongs to someone else');
    expect(row(h, interviewId).status).toBe('invited');

    // The intruder opens their own interview, then rewrites private_metadata to point at the owner's.
    const { interviewId: own } = seedInterview(h.db, { userId: intruder, campaignName: 'Another round' });
    await andWait(
      h,
      () =>
        h.slack.blockAction({
          userId: intruder,
          actionId: 'interview_start',
          value: String(own),
          message: dm,
        }),
      (c) => c.method === 'views.open' && c.status === 200,
    );
    const form = h.emulator.openViews(intruder).at(-1)!;
    const res = await h.slack.viewSubmission({
      userId: intruder,
      view: { private_metadata: JSON.stringify({ i: interviewId, s: 1 }) },
      values: { 'q-technologies': 'hijack', 'q-motivations': 'hijack' },
    });
    expect(JSON.stringify(res.json)).toContain('belongs to someone else');
    for (const garbage of ['{"i":"1 OR 1=1","s":1}', 'not json', '{"i":1}']) {
      const r = await h.slack.viewSubmission({
        userId: intruder,
        view: { callback_id: 'interview_step', blocks: form.blocks, private_metadata: garbage },
        values: { 'q-technologies': 'x', 'q-motivations': 'x' },
      });
      expect(JSON.stringify(r.json)).toContain('nothing was saved');
    }
    expect(h.db.prepare('SELECT count(*) FROM answers').pluck().get()).toBe(0);
    expect(row(h, interviewId).version).toBe(0);
  });

  it('a closed campaign refuses answers with a message', async () => {
    const userId = h.workspace.humanIds[6]!;
    const { interviewId, campaignId } = seedInterview(h.db, { userId, campaignName: 'Last year' });
    const dm = await sendInvitation(h.ctx, interviewId);
    await andWait(
      h,
      () => h.slack.blockAction({ userId, actionId: 'interview_start', message: dm }),
      (c) => c.method === 'views.open' && c.status === 200,
    );
    h.db.prepare(`UPDATE campaigns SET status = 'closed' WHERE id = ?`).run(campaignId);
    const res = await h.slack.viewSubmission({ userId, values: STEP1 });
    expect(JSON.stringify(res.json)).toContain('has closed');
    await andWait(
      h,
      () => h.slack.blockAction({ userId, actionId: 'interview_decline', message: dm }),
      (c) => c.method === 'response_url',
    );
    expect(h.emulator.ephemeralsTo(userId).at(-1)?.text).toContain('has closed');
    expect(row(h, interviewId)).toMatchObject({ status: 'invited', version: 0 });
  });

  it('a forged request is refused with 401 and changes nothing', async () => {
    const userId = h.workspace.humanIds[7]!;
    const { interviewId } = seedInterview(h.db, { userId });
    const dm = await sendInvitation(h.ctx, interviewId);
    const res = await h.slack.blockAction(
      { userId, actionId: 'interview_decline', message: dm },
      { secret: 'wrong-secret-123' },
    );
    expect(res.status).toBe(401);
    expect(row(h, interviewId).status).toBe('invited');
  });
});
