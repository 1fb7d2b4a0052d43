import { flag } from '../body.js';
import type { Channel, Message } from '../types.js';
import { publicMessage } from './chat.js';
import { fail, type MethodContext, type MethodHandler, str } from './context.js';
import { paginate } from './paging.js';

/** Orders Slack timestamps exactly: "1732540000.000100" has more digits than a double keeps. */
export function tsKey(ts: string): bigint {
  const [secs = '0', frac = ''] = ts.split('.');
  return BigInt(secs) * 1_000_000n + BigInt(`${frac}000000`.slice(0, 6));
}

function channelObject(c: Channel): Record<string, unknown> {
  const { members: _m, ...rest } = c;
  return { ...rest, num_members: c.members.length };
}

/** Reads need the bot in the conversation; a private one it is not in does not exist for it. */
function readable(ctx: MethodContext): Channel | { ok: false; error: string } {
  const channel = ctx.ws.findChannel(ctx.args.channel);
  if (!channel) return { ok: false, error: 'channel_not_found' };
  if (!channel.members.includes(ctx.ws.bot.userId)) {
    return { ok: false, error: channel.is_private ? 'channel_not_found' : 'not_in_channel' };
  }
  return channel;
}

const open: MethodHandler = ({ args, ws }) => {
  if (typeof args.channel === 'string' && args.channel !== '') {
    const channel = ws.findChannel(args.channel);
    if (!channel) return fail('channel_not_found');
    return {
      ok: true,
      no_op: true,
      already_open: true,
      channel: flag(args.return_im) ? channelObject(channel) : { id: channel.id },
    };
  }
  const users = (str(args.users) ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (users.length === 0) return fail('users_list_not_supplied');
  if (users.length > 8) return fail('too_many_users');
  if (users.length === 1) {
    const existed = ws.channels.has(ws.dmIdFor(users[0] as string));
    const dm = ws.openDm(users[0] as string);
    if (!dm.ok) return fail(dm.error);
    const channel = flag(args.return_im) ? channelObject(dm.value) : { id: dm.value.id };
    return existed ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
  }
  for (const u of users) {
    const user = ws.users.get(u);
    if (!user) return fail('user_not_found');
    if (user.deleted) return fail('user_disabled');
  }
  const members = [...new Set([...users, ws.bot.userId])].sort();
  const existing = [...ws.channels.values()].find(
    (c) => c.is_mpim && c.members.join(',') === members.join(','),
  );
  if (existing) return { ok: true, no_op: true, already_open: true, channel: { id: existing.id } };
  const id = ws.mintMpimId();
  ws.channels.set(id, {
    id,
    name: `mpdm-${members.join('--')}-1`,
    is_channel: false,
    is_private: true,
    is_im: false,
    is_mpim: true,
    is_archived: false,
    members,
    created: Math.floor(Date.now() / 1000),
  });
  ws.messagesIn(id);
  return { ok: true, channel: { id } };
};

const info: MethodHandler = (ctx) => {
  const channel = ctx.ws.findChannel(ctx.args.channel);
  if (!channel) return fail('channel_not_found');
  return { ok: true, channel: channelObject(channel) };
};

function inRange(m: Message, args: Record<string, unknown>): boolean {
  const inclusive = flag(args.inclusive);
  const key = tsKey(m.ts);
  const oldest = str(args.oldest);
  const latest = str(args.latest);
  if (oldest && (inclusive ? key < tsKey(oldest) : key <= tsKey(oldest))) return false;
  if (latest && (inclusive ? key > tsKey(latest) : key >= tsKey(latest))) return false;
  return true;
}

const history: MethodHandler = (ctx) => {
  const channel = readable(ctx);
  if ('ok' in channel) return channel;
  const { args, ws } = ctx;
  const withMetadata = flag(args.include_all_metadata);
  const top = ws
    .messagesIn(channel.id)
    .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
    .filter((m) => inRange(m, args))
    .reverse();
  const page = paginate(top, args, { defaultLimit: 100, maxLimit: 999 });
  if (!page.ok) return fail(page.error);
  return {
    ok: true,
    messages: page.items.map((m) => publicMessage(m, withMetadata)),
    has_more: page.nextCursor !== '',
    pin_count: 0,
    response_metadata: { next_cursor: page.nextCursor },
  };
};

const replies: MethodHandler = (ctx) => {
  const channel = readable(ctx);
  if ('ok' in channel) return channel;
  const { args, ws } = ctx;
  const ts = str(args.ts);
  const parent = ts ? ws.findMessage(channel.id, ts) : undefined;
  if (!parent || !ts) return fail('thread_not_found');
  const thread = ws
    .messagesIn(channel.id)
    .filter((m) => m.ts === ts || m.thread_ts === ts)
    .filter((m) => inRange(m, args));
  const page = paginate(thread, args, { defaultLimit: 1000, maxLimit: 1000 });
  if (!page.ok) return fail(page.error);
  const withMetadata = flag(args.include_all_metadata);
  return {
    ok: true,
    messages: page.items.map((m) => publicMessage(m, withMetadata)),
    has_more: page.nextCursor !== '',
    response_metadata: { next_cursor: page.nextCursor },
  };
};

const list: MethodHandler = ({ args, ws }) => {
  const types = (str(args.types) ?? 'public_channel').split(',').map((t) => t.trim());
  const wanted = (c: Channel) =>
    (c.is_channel && !c.is_private && types.includes('public_channel')) ||
    (c.is_channel &&
      c.is_private &&
      types.includes('private_channel') &&
      c.members.includes(ws.bot.userId)) ||
    (c.is_im && types.includes('im')) ||
    (c.is_mpim && types.includes('mpim'));
  const all = [...ws.channels.values()].filter(
    (c) => wanted(c) && !(flag(args.exclude_archived) && c.is_archived),
  );
  const page = paginate(all, args, { defaultLimit: 100, maxLimit: 1000 });
  if (!page.ok) return fail(page.error);
  return {
    ok: true,
    channels: page.items.map((c) => ({ ...channelObject(c), is_member: c.members.includes(ws.bot.userId) })),
    response_metadata: { next_cursor: page.nextCursor },
  };
};

const members: MethodHandler = (ctx) => {
  const channel = ctx.ws.findChannel(ctx.args.channel);
  if (!channel) return fail('channel_not_found');
  if (channel.is_private && !channel.members.includes(ctx.ws.bot.userId)) return fail('channel_not_found');
  const page = paginate(channel.members, ctx.args, { defaultLimit: 100, maxLimit: 1000 });
  if (!page.ok) return fail(page.error);
  return { ok: true, members: page.items, response_metadata: { next_cursor: page.nextCursor } };
};

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.open': open,
  'conversations.info': info,
  'conversations.list': list,
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.members': members,
};
