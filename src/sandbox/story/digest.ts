import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Message, StoredFile } from '../emulator/types.js';
import { blocksToText } from '../terminal/blocksToText.js';
import { namesFor } from './campaign.js';
import type { StoryContext } from './context.js';
import { until } from './slack.js';

type Obj = Record<string, unknown>;

function headerOf(message: Message): string {
  const header = (message.blocks ?? []).find((b) => (b as Obj)?.type === 'header') as Obj | undefined;
  return String((header?.text as Obj | undefined)?.text ?? '');
}

/** The latest digest the bot posted in the OSPO channel (its header names it a digest). */
export function latestDigest(ctx: StoryContext): Message | undefined {
  return ctx.stack.emulator
    .messagesTo(ctx.stack.workspace.ospoChannelId)
    .filter((m) => m.bot_id && /digest/i.test(headerOf(m)))
    .at(-1);
}

/** Waits (real ms) for a digest in the OSPO channel. */
export function waitForDigest(ctx: StoryContext, timeoutMs: number): Promise<Message | undefined> {
  return until(() => latestDigest(ctx), timeoutMs, 50);
}

/** Files shared in a conversation, newest last, whose name matches. */
export function sharedFiles(ctx: StoryContext, channelId: string, name: RegExp): StoredFile[] {
  const files = [...ctx.stack.emulator.workspace.files.values()];
  return files.filter(
    (f) => f.completed && f.bytes && name.test(f.filename) && f.shares.some((s) => s.channel === channelId),
  );
}

/** Writes a file the bot uploaded into the output folder (`as`: a path inside it); returns its path. */
export function saveFile(ctx: StoryContext, file: StoredFile, as: string): string {
  const target = path.join(ctx.outDir, as);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, file.bytes ?? Buffer.alloc(0));
  return target;
}

/** The digest's blocks as the terminal shows them, in the OSPO's zone. */
export function renderDigest(ctx: StoryContext, message: Message, width: number): string {
  return blocksToText(
    message.blocks,
    {
      style: ctx.printer.style,
      names: namesFor(ctx),
      timeZone: ctx.stack.config.ospo.timezone,
      width,
    },
    message.text,
  );
}
