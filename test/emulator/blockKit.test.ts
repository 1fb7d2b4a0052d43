import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, makeWorkspace, startEmulator } from '../../src/sandbox/emulator/index.js';
import { api } from './helpers.js';

const ws = makeWorkspace();
const user = ws.humanIds[0] as string;
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ workspace: ws, rateLimits: false });
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'interview',
  title: { type: 'plain_text', text: 'Interview' },
  submit: { type: 'plain_text', text: 'Next' },
  blocks: [section('Question 1')],
  ...extra,
});

describe('Block Kit limits on messages, answered in Slack’s shape', () => {
  it('refuses 51 blocks with invalid_blocks, errors[] and response_metadata.messages, and stores nothing', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`b${i}`));
    const res = await api(emu, 'chat.postMessage', { channel: user, text: 'fallback', blocks });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false,
      error: 'invalid_blocks',
      errors: ['no more than 50 items allowed [json-pointer:/blocks]'],
      response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
    });
    expect(emu.messagesTo(user)).toEqual([]);
  });

  it('refuses an over-long section, header and option on postMessage, postEphemeral and update alike', async () => {
    const header = { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } };
    const res = await api(emu, 'chat.postMessage', {
      channel: user,
      text: 'fallback',
      blocks: [section('x'.repeat(3001)), header],
    });
    expect(res.body.errors).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
      'must be less than 151 characters [json-pointer:/blocks/1/text/text]',
    ]);

    const select = {
      type: 'actions',
      elements: [
        {
          type: 'static_select',
          options: [{ text: { type: 'plain_text', text: 'o'.repeat(76) }, value: 'v' }],
        },
      ],
    };
    const eph = await api(emu, 'chat.postEphemeral', { channel: ws.ospoChannelId, user, blocks: [select] });
    expect(eph.body.errors).toEqual([
      'must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/0/text/text]',
    ]);

    const ok = await api(emu, 'chat.postMessage', { channel: user, text: 'fine', blocks: [section('fine')] });
    const upd = await api(emu, 'chat.update', {
      channel: ok.body.channel,
      ts: ok.body.ts,
      blocks: [section('a'), { ...section('b'), block_id: 'x' }, { ...section('c'), block_id: 'x' }],
    });
    expect(upd.body.error).toBe('invalid_blocks');
    expect(upd.body.errors).toEqual(['duplicate block_id: x [json-pointer:/blocks/2/block_id]']);
    expect(emu.messagesTo(user)[0]?.blocks).toEqual([section('fine')]);
  });

  it('refuses message text over 40,000 characters and unparsable blocks', async () => {
    expect((await api(emu, 'chat.postMessage', { channel: user, text: 'x'.repeat(40_001) })).body.error).toBe(
      'msg_too_long',
    );
    expect((await api(emu, 'chat.postMessage', { channel: user, text: 'x'.repeat(40_000) })).body.ok).toBe(
      true,
    );
    expect((await api(emu, 'chat.postMessage', { channel: user, text: 'x', blocks: '[{' })).body.error).toBe(
      'invalid_blocks_format',
    );
  });
});

describe('views: limits, trigger ids, the stack and hashes', () => {
  it('refuses a modal breaking limits with invalid_arguments and [ERROR] messages under /view', async () => {
    const trigger = emu.mintTriggerId(user);
    const res = await api(emu, 'views.open', {
      trigger_id: trigger,
      view: modal({
        title: { type: 'plain_text', text: 'An interview title that is long' },
        private_metadata: 'm'.repeat(3001),
      }),
    });
    expect(res.body).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: {
        messages: [
          '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
          '[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]',
        ],
      },
    });
    // A refused view does not spend the trigger.
    expect((await api(emu, 'views.open', { trigger_id: trigger, view: modal() })).body.ok).toBe(true);
  });

  it('opens a modal with a fresh trigger and returns a view with id and hash', async () => {
    const res = await api(emu, 'views.open', { trigger_id: emu.mintTriggerId(user), view: modal() });
    const view = res.body.view as { id: string; hash: string; callback_id: string; root_view_id: string };
    expect(res.body.ok).toBe(true);
    expect(view.id).toMatch(/^V/);
    expect(view.hash).toBeTruthy();
    expect(view.callback_id).toBe('interview');
    expect(view.root_view_id).toBe(view.id);
    expect(emu.openViews(user).map((v) => v.id)).toEqual([view.id]);
  });

  it('refuses a trigger used twice (exchanged_trigger_id) and an unknown one (invalid_trigger_id)', async () => {
    const trigger = emu.mintTriggerId(user);
    expect((await api(emu, 'views.open', { trigger_id: trigger, view: modal() })).body.ok).toBe(true);
    expect((await api(emu, 'views.open', { trigger_id: trigger, view: modal() })).body).toEqual({
      ok: false,
      error: 'exchanged_trigger_id',
    });
    expect((await api(emu, 'views.open', { trigger_id: '12345.98765.abcd', view: modal() })).body.error).toBe(
      'invalid_trigger_id',
    );
  });

  it('refuses a trigger older than its lifetime (expired_trigger_id)', async () => {
    const quick = await startEmulator({ workspace: ws, triggerTtlMs: 250 });
    try {
      const fresh = quick.mintTriggerId(user);
      const stale = quick.mintTriggerId(user);
      expect((await api(quick, 'views.open', { trigger_id: fresh, view: modal() })).body.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect((await api(quick, 'views.open', { trigger_id: stale, view: modal() })).body).toEqual({
        ok: false,
        error: 'expired_trigger_id',
      });
    } finally {
      await quick.stop();
    }
  });

  it('pushes up to three views, then push_limit_reached', async () => {
    await api(emu, 'views.open', { trigger_id: emu.mintTriggerId(user), view: modal() });
    const pushes = [];
    for (let i = 0; i < 3; i++) {
      pushes.push(
        (await api(emu, 'views.push', { trigger_id: emu.mintTriggerId(user), view: modal() })).body,
      );
    }
    expect(pushes.map((p) => p.ok ?? p.error)).toEqual([true, true, false]);
    expect(pushes[2]).toEqual({ ok: false, error: 'push_limit_reached' });
    expect(emu.openViews(user)).toHaveLength(3);
  });

  it('updates a view by id, checking the hash (hash_conflict on a stale one)', async () => {
    const opened = await api(emu, 'views.open', { trigger_id: emu.mintTriggerId(user), view: modal() });
    const { id, hash } = opened.body.view as { id: string; hash: string };
    const first = await api(emu, 'views.update', {
      view_id: id,
      hash,
      view: modal({ blocks: [section('Q2')] }),
    });
    expect(first.body.ok).toBe(true);
    const stale = await api(emu, 'views.update', {
      view_id: id,
      hash,
      view: modal({ blocks: [section('Q3')] }),
    });
    expect(stale.body).toEqual({ ok: false, error: 'hash_conflict' });
    expect(emu.view(id)?.blocks).toEqual([section('Q2')]);
    expect((await api(emu, 'views.update', { view_id: 'V404', view: modal() })).body.error).toBe('not_found');
  });

  it('publishes a Home tab (100-block cap) per user', async () => {
    const blocks = Array.from({ length: 100 }, (_, i) => section(`row ${i}`));
    const ok = await api(emu, 'views.publish', { user_id: user, view: { type: 'home', blocks } });
    expect(ok.body.ok).toBe(true);
    expect(emu.homeView(user)?.blocks).toHaveLength(100);
    const tooMany = await api(emu, 'views.publish', {
      user_id: user,
      view: { type: 'home', blocks: [...blocks, section('x')] },
    });
    expect(tooMany.body.error).toBe('invalid_arguments');
    expect(
      (await api(emu, 'views.publish', { user_id: 'U404', view: { type: 'home', blocks } })).body.error,
    ).toBe('user_not_found');
  });
});
