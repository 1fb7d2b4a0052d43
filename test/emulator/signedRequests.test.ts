import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, makeWorkspace, startEmulator } from '../../src/sandbox/emulator/index.js';
import { createSlackSender, type SlackSender } from '../../src/sandbox/signedRequests.js';
import { api } from './helpers.js';

const ws = makeWorkspace();
const user = ws.humanIds[0] as string;
const signingSecret = 'test-signing-secret-0123456789';
const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

const question = (blockId: string, label: string) => ({
  type: 'input',
  block_id: blockId,
  label: { type: 'plain_text', text: label },
  element: { type: 'plain_text_input', action_id: 'answer', multiline: true, max_length: 3000 },
});
const step = (n: number, title = 'Interview') => ({
  type: 'modal' as const,
  callback_id: 'interview',
  private_metadata: JSON.stringify({ step: n }),
  title: { type: 'plain_text' as const, text: title },
  submit: { type: 'plain_text' as const, text: 'Next' },
  blocks: [
    question(`q${n}`, `Question ${n}`),
    {
      type: 'input',
      block_id: `petal${n}`,
      label: { type: 'plain_text', text: 'Petal' },
      element: {
        type: 'static_select',
        action_id: 'pick',
        options: [
          { text: { type: 'plain_text', text: 'Legal' }, value: 'legal' },
          { text: { type: 'plain_text', text: 'Business' }, value: 'business' },
        ],
      },
    },
  ],
});

let emu: Emulator;
let app: App;
let slack: SlackSender;
const seen: { kind: string; detail: unknown }[] = [];

beforeAll(async () => {
  emu = await startEmulator({ workspace: ws, rateLimits: false });
  app = new App({
    token: ws.bot.token,
    signingSecret,
    logger: quiet,
    clientOptions: { slackApiUrl: emu.url },
  });
  app.command('/ospo-survey', async ({ ack, command, respond }) => {
    await ack();
    seen.push({ kind: 'command', detail: command });
    await respond({ response_type: 'ephemeral', text: `You asked for: ${command.text}` });
  });
  app.action('start', async ({ ack, body, client }) => {
    await ack();
    seen.push({ kind: 'action', detail: body });
    await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view: step(1) });
  });
  app.view('interview', async ({ ack, view }) => {
    const meta = JSON.parse(view.private_metadata) as { step: number };
    const values = view.state.values;
    seen.push({ kind: 'submission', detail: { step: meta.step, values } });
    if (meta.step === 1) await ack({ response_action: 'update', view: step(2) });
    else if (meta.step === 2)
      await ack({ response_action: 'update', view: step(3, 'A title far too long for Slack') });
    else await ack();
  });
  app.view({ type: 'view_closed', callback_id: 'interview' }, async ({ ack, body }) => {
    await ack();
    seen.push({ kind: 'closed', detail: body });
  });
  app.event('app_home_opened', async ({ event, client, context }) => {
    seen.push({
      kind: 'home',
      detail: { event, retryNum: context.retryNum, retryReason: context.retryReason },
    });
    await client.views.publish({
      user_id: event.user,
      view: {
        type: 'home',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Your interviews' } }],
      },
    });
  });
  const server = (await app.start(0)) as unknown as { address(): AddressInfo };
  slack = createSlackSender({
    appUrl: `http://127.0.0.1:${server.address().port}/slack/events`,
    signingSecret,
    emulator: emu,
  });
});
afterAll(async () => {
  await app.stop();
  await emu.stop();
});
beforeEach(() => {
  seen.length = 0;
});

describe('signed requests accepted by a real Bolt app (HTTP mode) talking to the emulator', () => {
  it('delivers a slash command: 200, and the reply arrives on the emulator’s response_url', async () => {
    const before = emu.callsTo('response_url').length;
    const res = await slack.command({ userId: user, text: 'help' });
    expect(res.status).toBe(200);
    const reply = await emu.waitFor(
      (c) => c.method === 'response_url' && c.args.text === 'You asked for: help',
    );
    expect(emu.callsTo('response_url').length).toBe(before + 1);
    expect(reply.args.response_url_id).toBeTruthy();
    expect(emu.ephemeralsTo(user).map((e) => e.text)).toContain('You asked for: help');
    expect(seen[0]?.detail).toMatchObject({
      user_id: user,
      channel_id: emu.workspace.dmIdFor(user),
      team_id: ws.team.id,
    });
  });

  it('refuses a forged signature, a stale timestamp and an unsigned request with 401, and nothing runs', async () => {
    const forged = await slack.command({ userId: user, text: 'forged' }, { secret: 'wrong-secret' });
    const tampered = await slack.command({ userId: user, text: 'tampered' }, { signature: 'v0=deadbeef' });
    const stale = await slack.command(
      { userId: user, text: 'stale' },
      { timestamp: Math.floor(Date.now() / 1000) - 301 },
    );
    const unsigned = await slack.command({ userId: user, text: 'unsigned' }, { unsigned: true });
    expect([forged.status, tampered.status, stale.status, unsigned.status]).toEqual([401, 401, 401, 401]);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([]);
  });

  it('clicks a button in a real message: the trigger_id opens the modal on the emulator', async () => {
    const posted = await api(emu, 'chat.postMessage', {
      channel: user,
      text: 'Ready?',
      blocks: [
        {
          type: 'actions',
          block_id: 'invite',
          elements: [
            {
              type: 'button',
              action_id: 'start',
              text: { type: 'plain_text', text: 'Start' },
              value: 'iv-1',
            },
          ],
        },
      ],
    });
    const res = await slack.blockAction({
      userId: user,
      actionId: 'start',
      message: { ts: posted.body.ts as string, channel: posted.body.channel as string },
    });
    expect(res.status).toBe(200);
    await emu.waitFor((c) => c.method === 'views.open' && c.response.ok === true);
    expect(emu.openViews(user).map((v) => v.callback_id)).toEqual(['interview']);
    const body = seen[0]?.detail as {
      actions: { value: string; block_id: string }[];
      message: { ts: string };
    };
    expect(body.actions[0]).toMatchObject({ value: 'iv-1', block_id: 'invite', type: 'button' });
    expect(body.message.ts).toBe(posted.body.ts);
  });

  it('submits the modal with Slack-shaped state values; the app’s response_action is applied and validated', async () => {
    const first = await slack.viewSubmission({
      userId: user,
      values: { q1: 'Licences worry me', petal1: 'legal' },
    });
    expect(first.status).toBe(200);
    const submitted = seen.find((s) => s.kind === 'submission')?.detail as {
      values: Record<string, unknown>;
    };
    expect(submitted.values).toEqual({
      q1: { answer: { type: 'plain_text_input', value: 'Licences worry me' } },
      petal1: {
        pick: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Legal' }, value: 'legal' },
        },
      },
    });
    expect(first.viewOutcome).toMatchObject({ ok: true, action: 'update' });
    expect(JSON.parse(emu.openViews(user).at(-1)?.private_metadata ?? '{}')).toEqual({ step: 2 });

    // The app answers step 2 with a title over 24 characters: Slack would refuse it, and so does the emulator.
    const second = await slack.viewSubmission({ userId: user, values: { q2: 'More' } });
    expect(second.viewOutcome).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
      messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'],
    });
    expect(emu.callsTo('view_submission_response').map((c) => c.response.ok)).toEqual([true, false]);
  });

  it('sends view_closed and closes the view on the emulator', async () => {
    const viewId = emu.openViews(user).at(-1)?.id;
    const res = await slack.viewClosed({ userId: user });
    expect(res.status).toBe(200);
    expect(seen[0]).toMatchObject({ kind: 'closed', detail: { type: 'view_closed', view: { id: viewId } } });
    expect(emu.openViews(user)).toEqual([]);
  });

  it('delivers app_home_opened as an event_callback, with Slack’s retry headers passed through', async () => {
    const first = await slack.event({ type: 'app_home_opened', user, tab: 'home' });
    expect(first.status).toBe(200);
    await emu.waitFor((c) => c.method === 'views.publish' && c.args.user_id === user);
    expect(emu.homeView(user)?.blocks).toHaveLength(1);
    const again = await slack.event(
      { type: 'app_home_opened', user, tab: 'home' },
      { eventId: first.payload.event_id as string, retryNum: 1, retryReason: 'http_timeout' },
    );
    expect(again.status).toBe(200);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen.map((s) => (s.detail as { retryNum?: number }).retryNum)).toEqual([undefined, 1]);
    const retried = seen[1]?.detail as { retryReason?: string; event: { channel: string } };
    expect(retried.retryReason).toBe('http_timeout');
    expect(retried.event.channel).toBe(emu.workspace.dmIdFor(user));
  });

  it('answers url_verification with the challenge', async () => {
    const res = await slack.urlVerification('abc123');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: 'abc123' });
  });
});
