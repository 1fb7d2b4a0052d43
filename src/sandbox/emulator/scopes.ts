import type { ApiResult, Channel } from './types.js';
import type { Workspace } from './workspace.js';

/**
 * The bot-token scope each Web API method needs, from the methods' reference pages, so that a test fails where
 * Slack would answer `missing_scope` to an app whose manifest does not grant what the code calls.
 */

type ChannelKind = 'im' | 'mpim' | 'private' | 'public';
type ScopeRule = string | null | ((args: Record<string, unknown>, ws: Workspace) => string[]);

/** Reads of a conversation need the scope of its kind: a DM is `im:`, a private channel `groups:`. */
const KIND_PREFIX: Record<ChannelKind, string> = {
  im: 'im',
  mpim: 'mpim',
  private: 'groups',
  public: 'channels',
};

/** conversations.list's `types` values, by the scope each one needs. */
const LIST_TYPE_KIND: Record<string, ChannelKind> = {
  public_channel: 'public',
  private_channel: 'private',
  im: 'im',
  mpim: 'mpim',
};

function kindOf(channel: Channel): ChannelKind {
  if (channel.is_im) return 'im';
  if (channel.is_mpim) return 'mpim';
  return channel.is_private ? 'private' : 'public';
}

/**
 * The kind of the conversation `target` names, without creating anything (the method itself may open a DM).
 * Unknown conversations have no kind: the method answers `channel_not_found` as it would with every scope.
 */
function targetKind(ws: Workspace, target: unknown): ChannelKind | undefined {
  if (typeof target !== 'string' || target === '') return undefined;
  if (target.startsWith('U') || target.startsWith('W')) return 'im';
  const channel = ws.channels.get(target);
  if (channel) return kindOf(channel);
  return target.startsWith('D') ? 'im' : undefined;
}

const perChannel =
  (action: 'history' | 'read') =>
  (args: Record<string, unknown>, ws: Workspace): string[] => {
    const kind = targetKind(ws, args.channel);
    return kind ? [`${KIND_PREFIX[kind]}:${action}`] : [];
  };

const listTypes = (args: Record<string, unknown>): string[] => {
  const types = typeof args.types === 'string' && args.types !== '' ? args.types : 'public_channel';
  return types
    .split(',')
    .map((t) => LIST_TYPE_KIND[t.trim()])
    .filter((k): k is ChannelKind => !!k)
    .map((k) => `${KIND_PREFIX[k]}:read`);
};

/** `null`: the method needs no scope (auth.test, and views, which a trigger_id or the app's own home allows). */
export const METHOD_SCOPES: Record<string, ScopeRule> = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'conversations.open': (args) => [
    typeof args.users === 'string' && args.users.includes(',') ? 'mpim:write' : 'im:write',
  ],
  'conversations.info': perChannel('read'),
  'conversations.members': perChannel('read'),
  'conversations.history': perChannel('history'),
  'conversations.replies': perChannel('history'),
  'conversations.list': listTypes,
  'users.info': 'users:read',
  'users.list': 'users:read',
  'users.lookupByEmail': 'users:read.email',
  'usergroups.list': 'usergroups:read',
  'usergroups.users.list': 'usergroups:read',
  'views.open': null,
  'views.push': null,
  'views.update': null,
  'views.publish': null,
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
};

/** The scopes a call of `method` with `args` needs (empty when none, or when the method is not in the map). */
export function requiredScopes(method: string, args: Record<string, unknown>, ws: Workspace): string[] {
  const rule = METHOD_SCOPES[method];
  if (rule === undefined || rule === null) return [];
  return typeof rule === 'string' ? [rule] : rule(args, ws);
}

/**
 * Slack's refusal when the token lacks a scope the call needs, or undefined when it may go on. `granted`
 * undefined means no enforcement. `provided` lists the granted scopes in the order the app was given them.
 */
export function checkScopes(
  granted: readonly string[] | undefined,
  method: string,
  args: Record<string, unknown>,
  ws: Workspace,
): ApiResult | undefined {
  if (!granted) return undefined;
  const needed = requiredScopes(method, args, ws).find((scope) => !granted.includes(scope));
  if (!needed) return undefined;
  return { ok: false, error: 'missing_scope', needed, provided: granted.join(',') };
}
