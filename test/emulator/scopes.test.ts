import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, makeWorkspace, startEmulator } from '../../src/sandbox/emulator/index.js';
import { METHODS } from '../../src/sandbox/emulator/methods/index.js';
import { METHOD_SCOPES } from '../../src/sandbox/emulator/scopes.js';
import { api } from './helpers.js';

const ws = makeWorkspace({
  users: 12,
  now: new Date('2026-01-15T12:00:00Z'),
  channels: [{ name: 'ospo-private', members: 3, isPrivate: true }],
});
const alice = ws.humanIds[0] as string;
const publicChannel = ws.ospoChannelId;
const privateChannel = (ws.channels.find((c) => c.name === 'ospo-private') ?? ws.channels[0])?.id as string;
const dm = `D${alice.slice(1)}`;

/** Everything the bot might need, minus whatever a test takes away. */
const ALL = [
  'chat:write',
  'im:write',
  'im:history',
  'im:read',
  'channels:history',
  'channels:read',
  'groups:history',
  'groups:read',
  'users:read',
  'users:read.email',
  'usergroups:read',
  'files:write',
];
const without = (...drop: string[]) => ALL.filter((s) => !drop.includes(s));

const emulators: Emulator[] = [];
async function emulatorWith(scopes: string[] | undefined): Promise<Emulator> {
  const emu = await startEmulator({ workspace: ws, rateLimits: false, ...(scopes ? { scopes } : {}) });
  emulators.push(emu);
  return emu;
}
afterAll(() => Promise.all(emulators.map((e) => e.stop())));

describe('bot token scopes', () => {
  let full: Emulator;
  beforeAll(async () => {
    full = await emulatorWith(ALL);
    // A DM with history, so reads of it have something to return.
    await api(full, 'chat.postMessage', { channel: alice, text: 'hello' });
  });

  it("refuses a call whose scope is missing with Slack's missing_scope shape, HTTP 200, and changes nothing", async () => {
    const emu = await emulatorWith(without('chat:write'));
    const res = await api(emu, 'chat.postMessage', { channel: alice, text: 'hi' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false,
      error: 'missing_scope',
      needed: 'chat:write',
      provided: without('chat:write').join(','),
    });
    expect(emu.messagesTo(alice)).toEqual([]);
    expect(emu.callsTo('chat.postMessage')[0]?.response).toMatchObject({ error: 'missing_scope' });
  });

  it.each([
    ['a DM', dm, 'im:history'],
    ['a DM addressed by user id', alice, 'im:history'],
    ['a public channel', publicChannel, 'channels:history'],
    ['a private channel', privateChannel, 'groups:history'],
  ])('conversations.history in %s needs %s', async (_label, channel, scope) => {
    expect((await api(full, 'conversations.history', { channel })).body.ok).toBe(true);
    const emu = await emulatorWith(without(scope));
    const res = await api(emu, 'conversations.history', { channel });
    expect(res.body).toMatchObject({ ok: false, error: 'missing_scope', needed: scope });
  });

  it("conversations.history of one kind of conversation does not need another kind's scope", async () => {
    const emu = await emulatorWith(['chat:write', 'channels:history']);
    expect((await api(emu, 'conversations.history', { channel: publicChannel })).body.ok).toBe(true);
    expect((await api(emu, 'conversations.history', { channel: dm })).body).toMatchObject({
      needed: 'im:history',
    });
  });

  it.each([
    ['conversations.info', dm, 'im:read'],
    ['conversations.info', publicChannel, 'channels:read'],
    ['conversations.info', privateChannel, 'groups:read'],
    ['conversations.members', publicChannel, 'channels:read'],
    ['conversations.members', privateChannel, 'groups:read'],
  ])('%s of %s needs %s', async (method, channel, scope) => {
    expect((await api(full, method, { channel })).body.ok).toBe(true);
    const emu = await emulatorWith(without(scope));
    expect((await api(emu, method, { channel })).body).toMatchObject({
      error: 'missing_scope',
      needed: scope,
    });
  });

  it.each([
    ['chat.update', { channel: alice, ts: '1.000001', text: 'x' }, 'chat:write'],
    ['chat.delete', { channel: alice, ts: '1.000001' }, 'chat:write'],
    ['chat.postEphemeral', { channel: publicChannel, user: alice, text: 'x' }, 'chat:write'],
    ['conversations.open', { users: alice }, 'im:write'],
    ['conversations.list', {}, 'channels:read'],
    ['conversations.list', { types: 'public_channel,private_channel' }, 'groups:read'],
    ['users.info', { user: alice }, 'users:read'],
    ['users.list', {}, 'users:read'],
    ['users.lookupByEmail', { email: 'nobody@example.org' }, 'users:read.email'],
    ['usergroups.list', {}, 'usergroups:read'],
    ['usergroups.users.list', { usergroup: ws.staffGroupId }, 'usergroups:read'],
    ['files.getUploadURLExternal', { filename: 'a.png', length: '3' }, 'files:write'],
    ['files.completeUploadExternal', { files: [{ id: 'F1' }] }, 'files:write'],
  ])('%s needs %s', async (method, args, scope) => {
    const emu = await emulatorWith(without(scope));
    expect((await api(emu, method, args)).body).toMatchObject({ error: 'missing_scope', needed: scope });
  });

  it('needs no scope for auth.test or views, and checks the token before the scopes', async () => {
    const emu = await emulatorWith([]);
    expect((await api(emu, 'auth.test')).body.ok).toBe(true);
    const view = { type: 'home', blocks: [] };
    expect((await api(emu, 'views.publish', { user_id: alice, view })).body.ok).toBe(true);
    expect(
      (await api(emu, 'chat.postMessage', { channel: alice, text: 'x' }, { token: 'xoxb-wrong' })).body,
    ).toEqual({ ok: false, error: 'invalid_auth' });
  });

  it('leaves an unknown conversation to the method: channel_not_found, as with every scope', async () => {
    const emu = await emulatorWith(['chat:write']);
    expect((await api(emu, 'conversations.history', { channel: 'C999999999' })).body).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
  });

  it('enforces nothing when no scopes are given, as the emulator unit tests rely on', async () => {
    const emu = await emulatorWith(undefined);
    expect((await api(emu, 'users.lookupByEmail', { email: 'nobody@example.org' })).body).not.toMatchObject({
      error: 'missing_scope',
    });
    expect((await api(emu, 'conversations.history', { channel: privateChannel })).body.ok).toBe(true);
  });
});

describe('the scope map', () => {
  it('names a scope (or none) for every method the emulator answers, so a new method cannot skip the check', () => {
    expect(Object.keys(METHODS).filter((m) => !(m in METHOD_SCOPES))).toEqual([]);
  });
});

describe('reset', () => {
  it('keeps the scopes: they belong to the install, not to the workspace state', async () => {
    const emu = await emulatorWith(['chat:write']);
    emu.reset();
    expect((await api(emu, 'users.list')).body).toMatchObject({
      error: 'missing_scope',
      needed: 'users:read',
    });
  });
});
