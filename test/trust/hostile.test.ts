import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/sandbox/signedRequests.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { seedInterview, sendInvitation } from '../interviews/seed.js';

const FORM = 'application/x-www-form-urlencoded';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ background: false });
});
afterAll(() => h?.stop());

const now = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function healthy(): Promise<number> {
  return (await fetch(h.appUrl.replace('/slack/events', '/healthz'))).status;
}

/** Sends a body with a chosen content type, signed correctly unless told otherwise. */
function signedRaw(body: string, contentType: string, opts: { timestamp?: number; secret?: string } = {}) {
  return h.slack.raw(body, { 'Content-Type': contentType }, opts);
}

/** A raw HTTP POST (fetch refuses some of what an attacker sends, such as a body longer than declared). */
function post(
  body: Buffer | string,
  headers: Record<string, string | number>,
  chunked = false,
): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL(h.appUrl);
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      // The server may close the socket after answering 413 while we are still writing.
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') resolve({ status: -1 });
      else reject(err);
    });
    if (chunked) {
      const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
      for (let i = 0; i < buf.length; i += 64 * 1024) req.write(buf.subarray(i, i + 64 * 1024));
      req.end();
    } else {
      req.end(body);
    }
  });
}

describe('forged and badly timed requests', () => {
  it('refuses a signature made with another secret, a garbled one and none at all: 401 and no reply', async () => {
    const before = h.emulator.callsTo('response_url').length;
    const wrong = await h.slack.command(
      { userId: h.staffId, text: 'help' },
      { secret: 'an-attackers-guess' },
    );
    const garbled = await h.slack.command({ userId: h.staffId, text: 'help' }, { signature: 'v1=deadbeef' });
    const empty = await h.slack.command({ userId: h.staffId, text: 'help' }, { signature: 'v0=' });
    const unsigned = await h.slack.command({ userId: h.staffId, text: 'help' }, { unsigned: true });
    expect([wrong.status, garbled.status, empty.status, unsigned.status]).toEqual([401, 401, 401, 401]);
    await sleep(200);
    expect(h.emulator.callsTo('response_url')).toHaveLength(before);
  });

  it('refuses timestamps more than five minutes off either way, even correctly signed, and accepts small skew', async () => {
    const before = h.emulator.callsTo('response_url').length;
    const stale = await h.slack.command(
      { userId: h.staffId, text: 'help' },
      { timestamp: now() - 5 * 60 - 5 },
    );
    const future = await h.slack.command({ userId: h.staffId, text: 'help' }, { timestamp: now() + 10 * 60 });
    const nonsense = await h.slack.command(
      { userId: h.staffId, text: 'help' },
      { headers: { 'X-Slack-Request-Timestamp': '1e99' } },
    );
    expect([stale.status, future.status, nonsense.status]).toEqual([401, 401, 401]);
    await sleep(200);
    expect(h.emulator.callsTo('response_url')).toHaveLength(before);
    const skewed = await h.slack.command({ userId: h.staffId, text: 'help' }, { timestamp: now() + 60 });
    expect(skewed.status).toBe(200);
  });

  it('answers Slack’s URL verification only when signed', async () => {
    const ok = await h.slack.urlVerification('abc123');
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ challenge: 'abc123' });
    const forged = await h.slack.urlVerification('abc123', { secret: 'nope-nope-nope' });
    expect(forged.status).toBe(401);
  });
});

describe('replayed requests', () => {
  it('a command sent again byte for byte (same signature) is refused and answered once', async () => {
    const ts = now();
    const from = h.emulator.calls.length;
    const first = await h.slack.command({ userId: h.memberId, text: 'help' }, { timestamp: ts });
    expect(first.status).toBe(200);
    const body = new URLSearchParams(first.payload as Record<string, string>).toString();
    const again = await signedRaw(body, FORM, { timestamp: ts });
    expect(again.status).toBe(409);
    await h.emulator.waitFor((c) => c.method === 'response_url' && c.seq >= from);
    await sleep(300);
    const replies = h.emulator.calls.filter((c) => c.seq >= from && c.method === 'response_url');
    expect(replies).toHaveLength(1);
  });

  it('a replayed Decline click cannot act twice, and a genuine redelivery (new signature) is harmless too', async () => {
    const userId = h.workspace.humanIds[12]!;
    const { interviewId } = seedInterview(h.db, { userId });
    const dm = await sendInvitation(h.ctx, interviewId);
    const ts = now();
    const first = await h.slack.blockAction(
      { userId, actionId: 'interview_decline', message: dm },
      { timestamp: ts },
    );
    expect(first.status).toBe(200);
    const closedAt = () =>
      h.db
        .prepare(`SELECT closed_at FROM interviews WHERE id = ? AND status = 'declined'`)
        .pluck()
        .get(interviewId);
    await expect.poll(closedAt).toBeTruthy();
    const declinedAt = closedAt();
    const updates = () => h.emulator.callsTo('chat.update').filter((c) => c.args.ts === dm.ts).length;
    await expect.poll(updates).toBeGreaterThan(0);
    await sleep(300);
    const seen = () => JSON.stringify(h.emulator.messagesTo(userId).map((m) => [m.ts, m.text, m.blocks]));
    const shown = seen();
    const posts = h.emulator.callsTo('chat.postMessage').length;
    const body = new URLSearchParams({ payload: JSON.stringify(first.payload) }).toString();
    expect((await signedRaw(body, FORM, { timestamp: ts })).status).toBe(409);
    // Slack re-signs each delivery: the same payload with a fresh timestamp passes the guard; the handler is idempotent.
    expect((await signedRaw(body, FORM, { timestamp: ts + 1 })).status).toBe(200);
    await sleep(500);
    // What the person sees is unchanged: the same DM, no new message.
    expect(closedAt()).toBe(declinedAt);
    expect(seen()).toBe(shown);
    expect(h.emulator.callsTo('chat.postMessage')).toHaveLength(posts);
  });

  it('a replayed staff remind is refused: one audit entry, one nudge job per person', async () => {
    const people = [h.workspace.humanIds[20]!, h.workspace.humanIds[21]!];
    const campaign = seedInterview(h.db, { userId: people[0]!, campaignName: 'Replay round' }).campaignId;
    h.db
      .prepare(
        `INSERT INTO interviews (campaign_id, user_id, audience, tz, status, invited_at)
         VALUES (?, ?, 'contributor', 'Europe/Berlin', 'invited', '2026-01-05T10:00:00.000Z')`,
      )
      .run(campaign, people[1]);
    // Invited days ago, so neither counts as having heard from us today.
    h.db
      .prepare(`UPDATE interviews SET invited_at = '2026-01-05T10:00:00.000Z' WHERE campaign_id = ?`)
      .run(campaign);
    const ts = now();
    const first = await h.slack.command(
      { userId: h.staffId, text: 'remind "Replay round"' },
      { timestamp: ts },
    );
    expect(first.status).toBe(200);
    const body = new URLSearchParams(first.payload as Record<string, string>).toString();
    expect((await signedRaw(body, FORM, { timestamp: ts })).status).toBe(409);
    const audits = () =>
      h.db
        .prepare(`SELECT count(*) FROM audit_log WHERE action = 'campaign.remind' AND target = ?`)
        .pluck()
        .get(`campaign:${campaign}`);
    await expect.poll(audits).toBe(1);
    await sleep(300);
    expect(audits()).toBe(1);
    const nudges = (await h.ctx.queues.interviews.getJobs(['delayed', 'waiting', 'prioritized'])).filter(
      (j) => j?.id?.startsWith('nudge-'),
    );
    const perInterview = new Map<number, number>();
    for (const j of nudges) {
      const id = (j.data as { interviewId: number }).interviewId;
      perInterview.set(id, (perInterview.get(id) ?? 0) + 1);
    }
    expect([...perInterview.values()].every((n) => n === 1)).toBe(true);
    expect(perInterview.size).toBe(2);
  });

  it('a replayed event is refused; the same event_id redelivered by Slack is accepted', async () => {
    const ts = now();
    const first = await h.slack.event({ type: 'app_home_opened', user: h.memberId }, { timestamp: ts });
    expect(first.status).toBe(200);
    const again = await signedRaw(JSON.stringify(first.payload), 'application/json', { timestamp: ts });
    expect(again.status).toBe(409);
    const redelivered = await h.slack.event(
      { type: 'app_home_opened', user: h.memberId },
      { eventId: String(first.payload.event_id), retryNum: 1, retryReason: 'http_timeout' },
    );
    expect(redelivered.status).toBe(200);
  });
});

describe('bodies that are not Slack requests', () => {
  it.each([
    ['plain text', 'hello there', 'text/plain'],
    ['XML', '<?xml version="1.0"?><payload/>', 'application/xml'],
    ['a form without command or payload', 'foo=bar&baz=1', FORM],
    ['a payload that is not JSON', 'payload=%7Bnot-json', FORM],
    ['a payload that is a JSON string', `payload=${encodeURIComponent('"block_actions"')}`, FORM],
    [
      'a payload of an unknown type',
      `payload=${encodeURIComponent('{"type":"mystery","user":{"id":"U1"}}')}`,
      FORM,
    ],
    [
      'block_actions without actions',
      `payload=${encodeURIComponent('{"type":"block_actions","user":{"id":"U1"}}')}`,
      FORM,
    ],
    [
      'a view submission without a view',
      `payload=${encodeURIComponent('{"type":"view_submission","user":{"id":"U1"}}')}`,
      FORM,
    ],
    ['a JSON array', '[1,2,3]', 'application/json'],
    ['JSON null', 'null', 'application/json'],
    ['an event envelope with a null event', '{"type":"event_callback","event":null}', 'application/json'],
    ['an event without a type', '{"type":"event_callback","event":{"user":"U1"}}', 'application/json'],
    ['truncated JSON', '{"type":"event_callback","event":{', 'application/json'],
    ['an empty body', '', 'application/json'],
  ])('signed %s gets 400 at once', async (_name, body, type) => {
    const started = Date.now();
    const res = await signedRaw(body, type);
    expect(res.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a body over the limit gets 413, whether its length is declared or streamed, and the app stays up', async () => {
    const huge = Buffer.alloc(5 * 1024 * 1024, 'a');
    const ts = now();
    const sig = signSlackRequest(h.signingSecret, ts, huge.toString());
    const declared = await post(huge, {
      'content-type': FORM,
      'content-length': huge.length,
      'x-slack-request-timestamp': ts,
      'x-slack-signature': sig,
    });
    expect([413, -1]).toContain(declared.status);
    const streamed = await post(
      huge,
      {
        'content-type': FORM,
        'transfer-encoding': 'chunked',
        'x-slack-request-timestamp': ts,
        'x-slack-signature': sig,
      },
      true,
    );
    expect([413, -1]).toContain(streamed.status);
    // At least one of the two must have been answered (not just cut off).
    expect([declared.status, streamed.status]).toContain(413);
    expect(await healthy()).toBe(200);
    expect((await h.slack.command({ userId: h.memberId, text: 'help' })).status).toBe(200);
  });
});

describe('requests for things that do not exist', () => {
  it('an unknown action_id, callback_id or event gets a quick empty 200 and sends nothing', async () => {
    const posts = h.emulator.callsTo('chat.postMessage').length;
    const started = Date.now();
    const action = await h.slack.blockAction({ userId: h.memberId, actionId: 'no_such_action', value: '1' });
    const view = await h.slack.viewSubmission({
      userId: h.memberId,
      view: { callback_id: 'no_such_modal', private_metadata: '{}', blocks: [] },
    });
    const closed = await h.slack.viewClosed({ userId: h.memberId, view: { callback_id: 'no_such_modal' } });
    const event = await h.slack.event({ type: 'reaction_added', user: h.memberId, reaction: 'tada' });
    expect([action.status, view.status, closed.status, event.status]).toEqual([200, 200, 200, 200]);
    expect(view.body).toBe('');
    expect(Date.now() - started).toBeLessThan(2500);
    await sleep(200);
    expect(h.emulator.callsTo('chat.postMessage')).toHaveLength(posts);
  });

  it('an unknown slash command gets a harmless answer', async () => {
    const res = await h.slack.command({ userId: h.memberId, text: 'help', command: '/not-ours' });
    expect(res.status).toBe(200);
  });
});

describe("other people's interviews", () => {
  const buttons = [
    'interview_start',
    'interview_later',
    'interview_talk',
    'interview_decline',
    'talk_record',
  ];

  it('no button acts on an interview that is not the clicker’s, whatever its value says', async () => {
    const owner = h.workspace.humanIds[14]!;
    const interviewer = h.workspace.humanIds[15]!;
    const intruder = h.workspace.humanIds[16]!;
    const { interviewId } = seedInterview(h.db, { userId: owner, interviewerId: interviewer });
    const dm = await sendInvitation(h.ctx, interviewId);
    const snapshot = () => h.db.prepare('SELECT * FROM interviews WHERE id = ?').get(interviewId);
    const before = snapshot();
    const posts = h.emulator.callsTo('chat.postMessage').length;
    const opens = h.emulator.callsTo('views.open').length;
    for (const actionId of buttons) {
      for (const value of [String(interviewId), `${interviewId} `, '-1', '0x10', '99999999', '']) {
        const res = await h.slack.blockAction({ userId: intruder, actionId, value, message: dm });
        expect(res.status).toBe(200);
      }
    }
    await sleep(500);
    expect(snapshot()).toEqual(before);
    expect(h.emulator.callsTo('chat.postMessage')).toHaveLength(posts);
    expect(h.emulator.callsTo('views.open').filter((c) => c.status === 200)).toHaveLength(opens);
  });

  it('a tampered private_metadata never stores answers under someone else’s interview', async () => {
    const owner = h.workspace.humanIds[17]!;
    const intruder = h.workspace.humanIds[18]!;
    const { interviewId } = seedInterview(h.db, { userId: owner });
    const answers = () => h.db.prepare('SELECT count(*) FROM answers').pluck().get();
    const before = answers();
    for (const metadata of [
      JSON.stringify({ i: interviewId, s: 1 }),
      JSON.stringify({ i: interviewId, s: 99 }),
      JSON.stringify({ interviewId, step: 1 }),
      `${JSON.stringify({ i: interviewId, s: 1 })}${' '.repeat(3000)}`,
      '{"i":1e400,"s":1}',
      '__proto__',
    ]) {
      const res = await h.slack.viewSubmission({
        userId: intruder,
        view: { callback_id: 'interview_step', private_metadata: metadata, blocks: [] },
      });
      expect(res.status).toBe(200);
    }
    expect(answers()).toBe(before);
    expect(h.db.prepare('SELECT version FROM interviews WHERE id = ?').pluck().get(interviewId)).toBe(0);
  });
});

describe('after all of the above', () => {
  it('the app is healthy and the database intact', async () => {
    expect(await healthy()).toBe(200);
    expect(h.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
