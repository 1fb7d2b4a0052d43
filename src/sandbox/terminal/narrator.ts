import type { EmulatorCall, EphemeralMessage } from '../emulator/types.js';
import { blocksToText } from './blocksToText.js';
import type { Names } from './mrkdwn.js';
import type { Printer } from './printer.js';

export interface NarratorContext {
  printer: Printer;
  names: Names;
  /** The person's zone (events are shown in the recipient's local time). */
  tzOf(userId: string): string;
  /** Zone for channel posts. */
  channelTz: string;
  /** Story time of a real instant. */
  virtualAt(realMs: number): Date;
  now(): Date;
  /** The question set's audience of an interview, from the invitation's button value. */
  audienceOf(interviewId: number): string | undefined;
  /** Also tell of Home tabs and modals the bot shows (for people trying things by hand). */
  showViews?: boolean;
}

type Obj = Record<string, unknown>;

const AUDIENCE_LABEL: Record<string, string> = {
  manager: 'manager questions',
  executive: 'executive questions',
  contributor: 'contributor questions',
};

/** The person on the other side of a DM: the bot posts to a user id, or to the DM's id `D…` derived from it. */
export function dmUser(channel: unknown): string | undefined {
  if (typeof channel !== 'string') return undefined;
  if (/^[UW][A-Z0-9]+$/.test(channel)) return channel;
  if (/^D[A-Z0-9]+$/.test(channel)) return `U${channel.slice(1)}`;
  return undefined;
}

/** The `value` of the element with `actionId` anywhere in the blocks. */
export function buttonValue(blocks: unknown, actionId: string): string | undefined {
  if (Array.isArray(blocks)) {
    for (const b of blocks) {
      const found = buttonValue(b, actionId);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof blocks !== 'object' || blocks === null) return undefined;
  const o = blocks as Obj;
  if (o.action_id === actionId && typeof o.value === 'string') return o.value;
  for (const key of ['elements', 'accessory', 'element']) {
    const found = o[key] === undefined ? undefined : buttonValue(o[key], actionId);
    if (found !== undefined) return found;
  }
  return undefined;
}

function mentions(blocks: unknown): string[] {
  return [...JSON.stringify(blocks ?? []).matchAll(/<@([UW][A-Z0-9]+)>/g)].map((m) => m[1]!);
}

function size(bytes: number): string {
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} B`;
}

/**
 * Turns the bot's Slack calls into lines a person can follow: who got which message, when, in their own time.
 * Calls that only show or refresh things (views, Home, lookups) are left out; refusals and 429s are shown dimmed.
 */
export function createNarrator(ctx: NarratorContext) {
  const { printer } = ctx;
  const { style } = printer;
  const name = (userId: string) => ctx.names.user(userId) ?? userId;
  const channelName = (id: string) => `#${ctx.names.channel(id) ?? id}`;
  const text = (s: string, tz: string) =>
    blocksToText(undefined, { style, names: ctx.names, timeZone: tz }, s);

  function describeDm(args: Obj): string {
    const t = String(args.text ?? '');
    const blocks = args.blocks;
    const json = JSON.stringify(blocks ?? []);
    if (t.startsWith('The OSPO invites you')) {
      const id = Number(buttonValue(blocks, 'interview_start'));
      const audience = Number.isFinite(id) ? ctx.audienceOf(id) : undefined;
      return `invitation${audience ? ` (${AUDIENCE_LABEL[audience] ?? audience})` : ''}`;
    }
    if (t.startsWith('Reminder:')) {
      if (json.includes('the reminder you asked for')) return 'the reminder they asked for with Later';
      const nudge = /<@([UW][A-Z0-9]+)> from the OSPO would still love/.exec(json);
      if (nudge) return `a nudge from ${name(nudge[1]!)}`;
      return 'reminder';
    }
    if (t.startsWith('A live talk was requested')) {
      const who = mentions(blocks)[0];
      return `${who ? name(who) : 'someone'} would rather talk: find a time, then [ Record notes ]`;
    }
    return text(t, 'UTC').split('\n')[0] ?? '';
  }

  function onPost(call: EmulatorCall): void {
    const args = call.args;
    const at = ctx.virtualAt(call.time);
    const person = dmUser(args.channel);
    if (person) {
      printer.event(at, ctx.tzOf(person), '→', name(person), describeDm(args));
      return;
    }
    const channel = String(args.channel ?? '');
    const blocks = Array.isArray(args.blocks) ? args.blocks : [];
    const header = blocks.find((b) => (b as Obj)?.type === 'header') as Obj | undefined;
    const headerText = String((header?.text as Obj | undefined)?.text ?? '');
    const what = /digest/i.test(headerText)
      ? `${headerText} (${blocks.length} blocks)`
      : (text(String(args.text ?? ''), ctx.channelTz).split('\n')[0] ?? '');
    printer.event(at, ctx.channelTz, '→', channelName(channel), what);
  }

  function onUpload(call: EmulatorCall, files: Map<string, { name: string; bytes: number }>): void {
    const list = Array.isArray(call.args.files) ? (call.args.files as Obj[]) : [];
    const names = list.map((f) => {
      const known = files.get(String(f.id));
      return known ? `${known.name} (${size(known.bytes)})` : String(f.title ?? f.id);
    });
    const channel = String(call.args.channel_id ?? call.args.channels ?? '');
    const person = dmUser(channel);
    const at = ctx.virtualAt(call.time);
    if (person) printer.event(at, ctx.tzOf(person), '→', name(person), `file: ${names.join(', ')}`);
    else printer.event(at, ctx.channelTz, '→', channelName(channel), `picture: ${names.join(', ')}`);
  }

  const uploads = new Map<string, { name: string; bytes: number }>();
  const rateLimited = new Map<string, number>();
  const reserved = new Map<string, string>();

  return {
    onCall(call: EmulatorCall): void {
      if (call.rateLimited) {
        // The first of each method is worth showing (the bot backs off and retries); the rest are counted.
        const n = (rateLimited.get(call.method) ?? 0) + 1;
        rateLimited.set(call.method, n);
        if (n === 1)
          printer.detail(`(Slack said 429 to ${call.method}: the bot waits as told and tries again)`);
        return;
      }
      if (call.method === 'files.getUploadURLExternal' && call.response.ok === true) {
        reserved.set(String(call.response.file_id), String(call.args.filename ?? 'file'));
        return;
      }
      if (call.method === 'file_upload') {
        const id = String(call.args.file_id);
        uploads.set(id, { name: reserved.get(id) ?? id, bytes: Number(call.args.bytes ?? 0) });
        return;
      }
      if (call.response.ok !== true && call.method !== 'file_upload' && call.method !== 'response_url') {
        printer.detail(`(Slack refused ${call.method}: ${String(call.response.error ?? call.status)})`);
        return;
      }
      if (call.method === 'chat.postMessage') onPost(call);
      else if (call.method === 'files.completeUploadExternal') onUpload(call, uploads);
      else if (ctx.showViews && call.method === 'views.publish') {
        const user = String(call.args.user_id ?? '');
        printer.event(ctx.virtualAt(call.time), ctx.tzOf(user), '→', name(user), 'App Home tab updated');
      } else if (ctx.showViews && call.method === 'views.open') {
        const view = call.args.view as Obj | undefined;
        const title = String((view?.title as Obj | undefined)?.text ?? 'a modal');
        printer.event(ctx.virtualAt(call.time), ctx.channelTz, '→', 'someone', `modal opened: ${title}`);
      }
    },
    /** 429s Slack answered, by method. */
    rateLimited,
    onEphemeral(message: EphemeralMessage): void {
      const tz = ctx.tzOf(message.user);
      const body = blocksToText(
        message.blocks,
        { style, names: ctx.names, timeZone: tz, width: 90 },
        message.text,
      );
      const [first = '', ...rest] = body.split('\n').filter((l) => l.trim() !== '');
      printer.event(ctx.now(), tz, '→', `${name(message.user)} (only they see)`, first);
      if (rest.length > 0) printer.detail(rest.slice(0, 12).join('\n') + (rest.length > 12 ? '\n…' : ''));
    },
  };
}

export type Narrator = ReturnType<typeof createNarrator>;
