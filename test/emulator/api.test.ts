import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, makeWorkspace, startEmulator } from '../../src/sandbox/emulator/index.js';
import { api } from './helpers.js';

const ws = makeWorkspace({ users: 30, now: new Date('2026-01-15T12:00:00Z') });
const alice = ws.humanIds[0] as string;
const bob = ws.humanIds[1] as string;
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ workspace: ws, rateLimits: false });
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

describe('Slack Web API conventions', () => {
  it('serves on loopback with a slackApiUrl ending in /api/', () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('answers auth.test with the bot identity Bolt needs', async () => {
    const res = await api(emu, 'auth.test');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      user_id: ws.bot.userId,
      bot_id: ws.bot.botId,
      team_id: ws.team.id,
    });
  });

  it('refuses a missing token (not_authed), a wrong one (invalid_auth), an unknown method (unknown_method), all with HTTP 200', async () => {
    expect((await api(emu, 'auth.test', {}, { token: null })).body).toEqual({
      ok: false,
      error: 'not_authed',
    });
    const wrong = await api(emu, 'auth.test', {}, { token: 'xoxb-wrong' });
    expect([wrong.status, wrong.body]).toEqual([200, { ok: false, error: 'invalid_auth' }]);
    expect((await api(emu, 'chat.postMessag', { channel: alice, text: 'x' })).body).toEqual({
      ok: false,
      error: 'unknown_method',
    });
  });

  it('takes the token from a form field, but not from a JSON body (as Slack)', async () => {
    const form = await fetch(`${emu.url}auth.test`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${ws.bot.token}`,
    });
    expect(((await form.json()) as { ok: boolean }).ok).toBe(true);
    const json = await fetch(`${emu.url}auth.test`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: ws.bot.token }),
    });
    expect(await json.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('accepts JSON bodies with a bearer token', async () => {
    const res = await api(
      emu,
      'chat.postMessage',
      { channel: ws.ospoChannelId, text: 'json' },
      { json: true },
    );
    expect(res.body.ok).toBe(true);
    expect(emu.messagesTo(ws.ospoChannelId).map((m) => m.text)).toEqual(['json']);
  });
});

describe('chat', () => {
  it('posts to a user id in the app DM and answers with the D… channel id, without conversations.open', async () => {
    const res = await api(emu, 'chat.postMessage', { channel: alice, text: 'Your interview is ready' });
    expect(res.body.ok).toBe(true);
    expect(res.body.channel).toMatch(/^D/);
    expect(emu.messagesTo(alice).map((m) => m.text)).toEqual(['Your interview is ready']);
    expect(emu.messagesTo(res.body.channel as string)).toHaveLength(1);
    expect(emu.callsTo('conversations.open')).toHaveLength(0);
    const open = await api(emu, 'conversations.open', { users: alice });
    expect((open.body.channel as { id: string }).id).toBe(res.body.channel);
  });

  it('accepts a DM id it was handed before anyone opened that DM (say() after a command typed in the DM)', async () => {
    const dm = emu.workspace.dmIdFor(bob);
    const res = await api(emu, 'chat.postMessage', { channel: dm, text: 'answer in place' });
    expect([res.body.ok, res.body.channel]).toEqual([true, dm]);
    expect(emu.messagesTo(bob).map((m) => m.text)).toEqual(['answer in place']);
    expect((await api(emu, 'chat.postMessage', { channel: 'D99999999', text: 'x' })).body.error).toBe(
      'channel_not_found',
    );
  });

  it('gives unique, increasing timestamps in seconds.micros form', async () => {
    const tss: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await api(emu, 'chat.postMessage', { channel: ws.ospoChannelId, text: `m${i}` });
      tss.push(r.body.ts as string);
    }
    for (const ts of tss) expect(ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(new Set(tss).size).toBe(20);
    expect([...tss].sort()).toEqual(tss);
  });

  it('refuses unknown channels and users, deactivated users, bots and channels without the bot', async () => {
    const post = async (channel: string) =>
      (await api(emu, 'chat.postMessage', { channel, text: 'x' })).body.error;
    expect(await post('C404')).toBe('channel_not_found');
    expect(await post('U404')).toBe('channel_not_found');
    const deleted = ws.users.find((u) => u.deleted)!.id;
    expect(await post(deleted)).toBe('is_archived');
    expect(await post('U0OTHERBOT')).toBe('channel_not_found');
    const general = ws.channels.find((c) => c.name === 'general')!.id;
    expect(await post(general)).toBe('not_in_channel');
    expect((await api(emu, 'chat.postMessage', { channel: alice })).body.error).toBe('no_text');
  });

  it('keeps message metadata and returns it from conversations.history only with include_all_metadata', async () => {
    const metadata = { event_type: 'interview_invited', event_payload: { interview_id: 42 } };
    const posted = await api(emu, 'chat.postMessage', { channel: alice, text: 'hi', metadata });
    const channel = posted.body.channel as string;
    const plain = await api(emu, 'conversations.history', { channel });
    expect((plain.body.messages as Record<string, unknown>[])[0]?.metadata).toBeUndefined();
    const full = await api(emu, 'conversations.history', { channel, include_all_metadata: true });
    expect((full.body.messages as Record<string, unknown>[])[0]?.metadata).toEqual(metadata);
    const bad = await api(emu, 'chat.postMessage', {
      channel: alice,
      text: 'x',
      metadata: { event_type: 'x' },
    });
    expect(bad.body.error).toBe('invalid_metadata_format');
  });

  it('pages conversations.history newest first, honouring oldest/latest', async () => {
    const tss: string[] = [];
    for (let i = 0; i < 7; i++) {
      tss.push((await api(emu, 'chat.postMessage', { channel: bob, text: `m${i}` })).body.ts as string);
    }
    const dm = emu.workspace.dmIdFor(bob);
    const texts: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const r = await api(emu, 'conversations.history', {
        channel: dm,
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      texts.push(...(r.body.messages as { text: string }[]).map((m) => m.text));
      cursor = (r.body.response_metadata as { next_cursor: string }).next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(texts).toEqual(['m6', 'm5', 'm4', 'm3', 'm2', 'm1', 'm0']);
    const window = await api(emu, 'conversations.history', { channel: dm, oldest: tss[1], latest: tss[4] });
    expect((window.body.messages as { text: string }[]).map((m) => m.text)).toEqual(['m3', 'm2']);
  });

  it('updates and deletes only messages it knows, and shows the edit', async () => {
    const posted = await api(emu, 'chat.postMessage', { channel: alice, text: 'v1' });
    const { channel, ts } = posted.body as { channel: string; ts: string };
    const updated = await api(emu, 'chat.update', { channel, ts, text: 'v2' });
    expect(updated.body).toMatchObject({ ok: true, channel, ts, text: 'v2' });
    expect(emu.messagesTo(alice)[0]).toMatchObject({ text: 'v2', edited: { user: ws.bot.userId } });
    expect((await api(emu, 'chat.update', { channel, ts: '1.000001', text: 'x' })).body.error).toBe(
      'message_not_found',
    );
    expect((await api(emu, 'chat.delete', { channel, ts })).body.ok).toBe(true);
    expect(emu.messagesTo(alice)).toEqual([]);
  });

  it('shows ephemeral messages only to members of the channel', async () => {
    const res = await api(emu, 'chat.postEphemeral', {
      channel: ws.ospoChannelId,
      user: alice,
      text: 'only you',
    });
    expect(res.body.ok).toBe(true);
    expect(emu.ephemeralsTo(alice).map((e) => e.text)).toEqual(['only you']);
    const outsider = ws.humanIds.at(-1) as string;
    const refused = await api(emu, 'chat.postEphemeral', {
      channel: ws.ospoChannelId,
      user: outsider,
      text: 'x',
    });
    expect(refused.body.error).toBe('user_not_in_channel');
  });
});

describe('people, groups and members', () => {
  it('pages users.list with cursors until the last page has an empty next_cursor', async () => {
    const ids: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const r = await api(emu, 'users.list', { limit: 7, ...(cursor ? { cursor } : {}) });
      expect((r.body.members as unknown[]).length).toBeLessThanOrEqual(7);
      ids.push(...(r.body.members as { id: string }[]).map((m) => m.id));
      cursor = (r.body.response_metadata as { next_cursor: string }).next_cursor;
      pages++;
    } while (cursor);
    expect(ids).toEqual(ws.users.map((u) => u.id));
    expect(pages).toBe(Math.ceil(ws.users.length / 7));
    expect((await api(emu, 'users.list', { cursor: 'bm9wZQ==' })).body.error).toBe('invalid_cursor');
  });

  it('returns everyone in one users.list call without a limit, with time zones', async () => {
    const r = await api(emu, 'users.list');
    const members = r.body.members as { tz: string; tz_offset: number }[];
    expect(members).toHaveLength(ws.users.length);
    expect(new Set(members.map((m) => m.tz)).size).toBeGreaterThan(20);
  });

  it('pages conversations.members', async () => {
    const general = ws.channels.find((c) => c.name === 'general')!;
    const first = await api(emu, 'conversations.members', { channel: general.id, limit: 10 });
    const cursor = (first.body.response_metadata as { next_cursor: string }).next_cursor;
    expect(first.body.members).toEqual(general.members.slice(0, 10));
    expect(cursor).not.toBe('');
    const rest: string[] = [];
    let next = cursor;
    while (next) {
      const r = await api(emu, 'conversations.members', { channel: general.id, limit: 10, cursor: next });
      rest.push(...(r.body.members as string[]));
      next = (r.body.response_metadata as { next_cursor: string }).next_cursor;
    }
    expect([...(first.body.members as string[]), ...rest]).toEqual(general.members);
    expect((await api(emu, 'conversations.members', { channel: 'C404' })).body.error).toBe(
      'channel_not_found',
    );
  });

  it('lists public channels with the bot’s membership', async () => {
    const r = await api(emu, 'conversations.list', {});
    const channels = r.body.channels as { name: string; is_member: boolean }[];
    expect(channels.map((c) => [c.name, c.is_member])).toEqual([
      ['ospo', true],
      ['general', false],
    ]);
  });

  it('answers users.info and user groups, with Slack error codes for unknown ids', async () => {
    expect(((await api(emu, 'users.info', { user: alice })).body.user as { id: string }).id).toBe(alice);
    expect((await api(emu, 'users.info', { user: 'U404' })).body.error).toBe('user_not_found');
    const staff = await api(emu, 'usergroups.users.list', { usergroup: ws.staffGroupId });
    expect(staff.body.users).toEqual(ws.staffIds);
    expect((await api(emu, 'usergroups.users.list', { usergroup: 'S404' })).body.error).toBe(
      'no_such_subteam',
    );
    const groups = await api(emu, 'usergroups.list', { include_users: true });
    const handles = (groups.body.usergroups as { handle: string; users: string[] }[]).map((g) => g.handle);
    expect(handles).toContain('ospo-staff');
  });
});

describe('response_url', () => {
  it('records posts as response_url calls and turns them into ephemeral, in-channel or replaced messages', async () => {
    const posted = await api(emu, 'chat.postMessage', { channel: alice, text: 'Start?' });
    const dm = posted.body.channel as string;
    const url = emu.mintResponseUrl({ channelId: dm, userId: alice, messageTs: posted.body.ts as string });
    expect(url.startsWith(`${emu.baseUrl}response/`)).toBe(true);
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ text: 'just you' })).status).toBe(200);
    expect(emu.ephemeralsTo(alice).map((e) => e.text)).toEqual(['just you']);
    await post({ replace_original: true, text: 'Started' });
    expect(emu.messagesTo(alice).map((m) => m.text)).toEqual(['Started']);
    await post({ response_type: 'in_channel', text: 'for all' });
    expect(emu.messagesTo(alice).map((m) => m.text)).toEqual(['Started', 'for all']);
    expect(emu.callsTo('response_url')).toHaveLength(3);
    const bad = await post({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '' } }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_blocks');
  });

  it('stops working after five uses, as on Slack', async () => {
    const url = emu.mintResponseUrl({ channelId: emu.workspace.dmIdFor(alice), userId: alice });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"text":"x"}',
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });
});

describe('inspection helpers', () => {
  it('waitFor resolves with a later call, and rejects listing recent calls when nothing matches', async () => {
    const waiting = emu.waitFor((c) => c.method === 'chat.postMessage' && c.args.text === 'later', 1000);
    await api(emu, 'chat.postMessage', { channel: alice, text: 'sooner' });
    await api(emu, 'chat.postMessage', { channel: alice, text: 'later' });
    expect((await waiting).args.text).toBe('later');
    await expect(emu.waitFor((c) => c.method === 'views.open', 100)).rejects.toThrow(
      /no matching call within 100 ms[\s\S]*chat\.postMessage .*"text":"later"/,
    );
  });

  it('reset() restores the seeded workspace and clears the log', async () => {
    await api(emu, 'chat.postMessage', { channel: alice, text: 'x' });
    emu.reset();
    expect(emu.calls).toEqual([]);
    expect(emu.messagesTo(alice)).toEqual([]);
  });
});
