import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, makeWorkspace, startEmulator } from '../../src/sandbox/emulator/index.js';
import { api } from './helpers.js';

const ws = makeWorkspace();
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ workspace: ws, rateLimits: false });
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe('file upload in three steps', () => {
  it('hands out an upload URL on the emulator, stores the bytes, then shares the file in the channel', async () => {
    const step1 = await api(emu, 'files.getUploadURLExternal', {
      filename: 'flower.png',
      length: png.length,
    });
    expect(step1.body.ok).toBe(true);
    const { upload_url, file_id } = step1.body as { upload_url: string; file_id: string };
    expect(upload_url.startsWith(`${emu.baseUrl}upload/`)).toBe(true);
    expect(file_id).toMatch(/^F/);

    const step2 = await fetch(upload_url, { method: 'POST', body: png });
    expect(step2.status).toBe(200);
    expect(emu.file(file_id)?.bytes?.equals(png)).toBe(true);

    const parent = await api(emu, 'chat.postMessage', { channel: ws.ospoChannelId, text: 'Weekly digest' });
    const step3 = await api(emu, 'files.completeUploadExternal', {
      files: [{ id: file_id, title: 'OSPO flower' }],
      channel_id: ws.ospoChannelId,
      initial_comment: 'This week’s flower',
      thread_ts: parent.body.ts,
    });
    expect(step3.body).toMatchObject({
      ok: true,
      files: [{ id: file_id, title: 'OSPO flower', size: png.length }],
    });
    const shared = emu.messagesTo(ws.ospoChannelId).find((m) => m.files);
    expect(shared).toMatchObject({
      text: 'This week’s flower',
      thread_ts: parent.body.ts,
      files: [{ id: file_id }],
    });
    expect(emu.callsTo('file_upload')).toHaveLength(1);
  });

  it('refuses to complete an upload whose bytes never arrived (file_not_found)', async () => {
    const step1 = await api(emu, 'files.getUploadURLExternal', { filename: 'a.txt', length: 3 });
    const res = await api(emu, 'files.completeUploadExternal', {
      files: [{ id: step1.body.file_id }],
      channel_id: ws.ospoChannelId,
    });
    expect(res.body).toEqual({ ok: false, error: 'file_not_found' });
    expect(emu.messagesTo(ws.ospoChannelId)).toEqual([]);
  });

  it('refuses channels the bot cannot post in, and reads only form fields in step 1 (as Slack)', async () => {
    const step1 = await api(emu, 'files.getUploadURLExternal', { filename: 'a.txt', length: 3 });
    await fetch(step1.body.upload_url as string, { method: 'POST', body: 'abc' });
    const general = ws.channels.find((c) => c.name === 'general')!.id;
    const res = await api(emu, 'files.completeUploadExternal', {
      files: [{ id: step1.body.file_id }],
      channel_id: general,
    });
    expect(res.body.error).toBe('not_in_channel');
    const json = await api(
      emu,
      'files.getUploadURLExternal',
      { filename: 'a.txt', length: 3 },
      { json: true },
    );
    expect(json.body).toMatchObject({ ok: false, error: 'invalid_arguments' });
  });
});
