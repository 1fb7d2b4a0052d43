import type { Channel } from '../types.js';
import type { Workspace } from '../workspace.js';
import { fail, type MethodHandler, missingArgs, str } from './context.js';

/**
 * Slack's three-step upload: files.getUploadURLExternal hands out a URL and a file id, the client POSTs
 * the bytes there, files.completeUploadExternal shares the file. The upload URL points at the emulator.
 */

const getUploadURL: MethodHandler = ({ args, ws, baseUrl }) => {
  const filename = str(args.filename);
  const length = args.length === undefined ? undefined : Number(args.length);
  const missing = [...(length === undefined ? ['length'] : []), ...(filename ? [] : ['filename'])];
  if (missing.length > 0) return missingArgs(...missing);
  if (length === undefined || !Number.isInteger(length) || length < 0) {
    return fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] must be an integer [json-pointer:/length]'] },
    });
  }
  const id = ws.mintFileId();
  ws.files.set(id, {
    id,
    filename: filename as string,
    title: filename as string,
    length,
    ...(typeof args.alt_text === 'string' ? { alt_text: args.alt_text } : {}),
    ...(typeof args.snippet_type === 'string' ? { snippet_type: args.snippet_type } : {}),
    completed: false,
    shares: [],
  });
  return { ok: true, upload_url: `${baseUrl}upload/${id}`, file_id: id };
};

/** Stores the bytes POSTed to an upload URL. Returns false when the URL was never handed out. */
export function receiveUpload(ws: Workspace, fileId: string, bytes: Buffer): boolean {
  const file = ws.files.get(fileId);
  if (!file) return false;
  file.bytes = bytes;
  file.uploadedAt = Date.now();
  return true;
}

const complete: MethodHandler = ({ args, ws }) => {
  if (args.files === undefined) return missingArgs('files');
  if (!Array.isArray(args.files) || args.files.length === 0) return fail('invalid_arguments');
  const entries = args.files as { id?: unknown; title?: unknown }[];
  const files = [];
  for (const e of entries) {
    const file = typeof e?.id === 'string' ? ws.files.get(e.id) : undefined;
    // A ticket whose bytes never arrived is unknown to Slack's file store.
    if (!file?.bytes) return fail('file_not_found');
    files.push({ file, title: str(e.title) });
  }
  const targets = [str(args.channel_id), ...(str(args.channels)?.split(',') ?? [])]
    .map((c) => c?.trim())
    .filter((c): c is string => Boolean(c));
  const channels: Channel[] = [];
  for (const t of targets) {
    const r = ws.resolveTarget(t);
    if (!r.ok) return fail(r.error === 'not_in_channel' ? 'not_in_channel' : 'channel_not_found');
    channels.push(r.value);
  }
  for (const { file, title } of files) {
    if (title) file.title = title;
    file.completed = true;
  }
  const refs = files.map(({ file }) => ({
    id: file.id,
    name: file.filename,
    title: file.title,
    size: file.bytes?.length ?? 0,
  }));
  const threadTs = str(args.thread_ts);
  for (const channel of channels) {
    const message = ws.addMessage({
      channel: channel.id,
      text: str(args.initial_comment) ?? '',
      user: ws.bot.userId,
      bot_id: ws.bot.botId,
      app_id: ws.bot.appId,
      files: refs,
      ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    for (const { file } of files) file.shares.push({ channel: channel.id, ts: message.ts });
  }
  return { ok: true, files: refs };
};

export const fileMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': getUploadURL,
  'files.completeUploadExternal': complete,
};

/** Methods whose JSON bodies Slack ignores (it reads only form fields there). */
export const FORM_ONLY_METHODS = new Set(['files.getUploadURLExternal']);
