import type { ApiResult, Message, MessageMetadata } from '../types.js';
import { invalidBlocksResponse, LIMITS, validateBlocks } from '../validateBlocks.js';
import { fail, type MethodContext, type MethodHandler, str } from './context.js';

const KNOWN_ARGS = new Set([
  'token',
  'channel',
  'text',
  'blocks',
  'metadata',
  'thread_ts',
  'team_id',
  'user',
  'ts',
]);

export interface MessageContent {
  text?: string;
  blocks?: unknown[];
  metadata?: MessageMetadata;
}

/**
 * Checks text, blocks and metadata the way chat.* methods do, in Slack's order of complaints.
 * `requireSome`: postMessage/postEphemeral need text or blocks; chat.update may change only metadata.
 */
export function checkContent(
  args: Record<string, unknown>,
  requireSome: boolean,
): ApiResult | MessageContent {
  const { text, blocks, metadata } = args;
  if (typeof blocks === 'string') return fail('invalid_blocks_format');
  if (
    requireSome &&
    (text === undefined || text === '') &&
    blocks === undefined &&
    args.attachments === undefined
  ) {
    return fail('no_text');
  }
  if (text !== undefined && typeof text !== 'string') return fail('invalid_arguments');
  if (typeof text === 'string' && text.length > LIMITS.messageText) return fail('msg_too_long');
  if (blocks !== undefined) {
    const issues = validateBlocks(blocks, 'message');
    if (issues.length > 0) return invalidBlocksResponse(issues);
  }
  const out: MessageContent = {};
  if (typeof text === 'string') out.text = text;
  if (Array.isArray(blocks)) out.blocks = blocks;
  if (metadata !== undefined) {
    const m = metadata as Partial<MessageMetadata> | string;
    if (
      typeof m !== 'object' ||
      m === null ||
      typeof m.event_type !== 'string' ||
      typeof m.event_payload !== 'object' ||
      m.event_payload === null
    ) {
      return fail('invalid_metadata_format');
    }
    out.metadata = { event_type: m.event_type, event_payload: m.event_payload };
  }
  return out;
}

export const isResult = (v: ApiResult | MessageContent): v is ApiResult => 'ok' in v;

/** A message as Slack returns it (no emulator-only fields). */
export function publicMessage(m: Message, withMetadata = true): Record<string, unknown> {
  const { channel: _c, extra: _e, metadata, ...rest } = m;
  return withMetadata && metadata ? { ...rest, metadata } : rest;
}

function extraArgs(args: Record<string, unknown>): Record<string, unknown> | undefined {
  const extra = Object.fromEntries(Object.entries(args).filter(([k]) => !KNOWN_ARGS.has(k)));
  return Object.keys(extra).length > 0 ? extra : undefined;
}

const postMessage: MethodHandler = ({ args, ws }) => {
  const content = checkContent(args, true);
  if (isResult(content)) return content;
  const target = ws.resolveTarget(args.channel);
  if (!target.ok) return fail(target.error);
  const threadTs = str(args.thread_ts);
  const extra = extraArgs(args);
  const message = ws.addMessage({
    channel: target.value.id,
    text: content.text ?? '',
    user: ws.bot.userId,
    bot_id: ws.bot.botId,
    app_id: ws.bot.appId,
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(content.metadata ? { metadata: content.metadata } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    ...(extra ? { extra } : {}),
  });
  return { ok: true, channel: target.value.id, ts: message.ts, message: publicMessage(message) };
};

function ownMessage(ctx: MethodContext, cannot: string): ApiResult | Message {
  const { args, ws } = ctx;
  const channel = ws.findChannel(args.channel);
  if (!channel || typeof args.channel !== 'string' || args.channel.startsWith('U'))
    return fail('channel_not_found');
  const ts = str(args.ts);
  const message = ts ? ws.findMessage(channel.id, ts) : undefined;
  if (!message) return fail('message_not_found');
  if (message.bot_id !== ws.bot.botId) return fail(cannot);
  return message;
}

const update: MethodHandler = (ctx) => {
  const message = ownMessage(ctx, 'cant_update_message');
  if ('ok' in message) return message;
  const content = checkContent(ctx.args, false);
  if (isResult(content)) return content;
  if (content.text !== undefined) message.text = content.text;
  if (content.blocks !== undefined) message.blocks = content.blocks;
  if (content.metadata !== undefined) message.metadata = content.metadata;
  message.edited = { user: ctx.ws.bot.userId, ts: ctx.ws.nextTs() };
  return {
    ok: true,
    channel: message.channel,
    ts: message.ts,
    text: message.text,
    message: publicMessage(message),
  };
};

const del: MethodHandler = (ctx) => {
  const message = ownMessage(ctx, 'cant_delete_message');
  if ('ok' in message) return message;
  ctx.ws.deleteMessage(message.channel, message.ts);
  return { ok: true, channel: message.channel, ts: message.ts };
};

const postEphemeral: MethodHandler = ({ args, ws }) => {
  const userId = str(args.user);
  const user = userId ? ws.users.get(userId) : undefined;
  if (!user || user.deleted) return fail('user_not_found');
  const content = checkContent(args, true);
  if (isResult(content)) return content;
  const target = ws.resolveTarget(args.channel);
  if (!target.ok) return fail(target.error);
  const channel = target.value;
  const inChannel = channel.is_im ? channel.user === user.id : channel.members.includes(user.id);
  if (!inChannel) return fail('user_not_in_channel');
  const messageTs = ws.nextTs();
  const threadTs = str(args.thread_ts);
  ws.ephemerals.push({
    message_ts: messageTs,
    channel: channel.id,
    user: user.id,
    text: content.text ?? '',
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    via: 'chat.postEphemeral',
  });
  return { ok: true, message_ts: messageTs };
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': del,
  'chat.postEphemeral': postEphemeral,
};
