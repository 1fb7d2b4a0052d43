import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Emulator,
  type EmulatorOptions,
  makeWorkspace,
  startEmulator,
} from '../../src/sandbox/emulator/index.js';

const { WebClient, LogLevel, WebClientEvent } = webApi;
// WebClient logs Slack's [ERROR] messages itself; the tests assert on them instead.
const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};
const ws = makeWorkspace();
const user = ws.humanIds[0] as string;
const running: Emulator[] = [];
async function emulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({ workspace: ws, ...opts });
  running.push(emu);
  return emu;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

// Retries wait only for Retry-After, not also for p-retry's own back-off, so the tests stay quick.
const client = (emu: Emulator) =>
  new WebClient(ws.bot.token, {
    slackApiUrl: emu.url,
    logger: quiet,
    retryConfig: { retries: 3, minTimeout: 0, maxTimeout: 0 },
  });

describe('the real @slack/web-api WebClient against the emulator', () => {
  it('authenticates, posts to a user id, reads history with metadata and pages users.list', async () => {
    const emu = await emulator({ rateLimits: false });
    const web = client(emu);
    expect((await web.auth.test()).user_id).toBe(ws.bot.userId);
    const posted = await web.chat.postMessage({
      channel: user,
      text: 'hello',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hello*' } }],
      metadata: { event_type: 'greeting', event_payload: { n: 1 } },
    });
    expect(posted.channel).toMatch(/^D/);
    const history = await web.conversations.history({
      channel: posted.channel as string,
      include_all_metadata: true,
    });
    expect(history.messages?.[0]).toMatchObject({ text: 'hello', metadata: { event_type: 'greeting' } });
    const ids: string[] = [];
    for await (const page of web.paginate('users.list', { limit: 8 })) {
      ids.push(...((page as { members?: { id: string }[] }).members ?? []).map((m) => m.id));
    }
    expect(ids).toEqual(ws.users.map((u) => u.id));
  });

  it('surfaces Slack errors as WebClient platform errors with the validation messages', async () => {
    const emu = await emulator({ rateLimits: false });
    const web = client(emu);
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    await expect(web.chat.postMessage({ channel: user, text: 'x', blocks: tooMany })).rejects.toMatchObject({
      code: 'slack_webapi_platform_error',
      data: { error: 'invalid_blocks', errors: ['no more than 50 items allowed [json-pointer:/blocks]'] },
    });
  });

  it('uploads a file with filesUploadV2 through all three steps', async () => {
    const emu = await emulator({ rateLimits: false });
    const web = client(emu);
    const bytes = Buffer.from('petal,motivator\nlegal,compliance\n');
    const res = await web.filesUploadV2({
      channel_id: ws.ospoChannelId,
      file: bytes,
      filename: 'digest.csv',
      title: 'Digest',
      initial_comment: 'Export attached',
    });
    expect(res.ok).toBe(true);
    const id = emu.callsTo('files.getUploadURLExternal')[0]?.response.file_id as string;
    expect(emu.file(id)?.bytes?.toString()).toBe(bytes.toString());
    expect(emu.messagesTo(ws.ospoChannelId).at(-1)).toMatchObject({
      text: 'Export attached',
      files: [{ id }],
    });
  });

  it('retries a 429 automatically after Retry-After and then succeeds', async () => {
    // One users.info per scaled minute = per second: the second call is refused with Retry-After: 1.
    const emu = await emulator({ timeScale: 60, limits: { 'users.info': { limit: 1, burst: 1 } } });
    const web = client(emu);
    const rateLimited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    await web.users.info({ user });
    const second = await web.users.info({ user });
    expect(second.user?.id).toBe(user);
    const calls = emu.callsTo('users.info');
    expect(calls.map((c) => c.status)).toEqual([200, 429, 200]);
    expect(rateLimited).toEqual([1]);
    const [, refused, retried] = calls;
    expect((retried?.time ?? 0) - (refused?.time ?? 0)).toBeGreaterThanOrEqual(1000);
  });
});
