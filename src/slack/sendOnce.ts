import type { ChatPostMessageArguments, ConversationsHistoryResponse, WebClient } from '@slack/web-api';
import { ErrorCode } from '@slack/web-api';
import type { Db } from '../store/db.js';
import { claimMessage, findMessage, forgetClaim, recordSent } from '../store/messages.js';

/** Marks every message the app sends, so a message whose sending was never recorded can be found in Slack. */
export const MESSAGE_EVENT_TYPE = 'ospo_survey_message';

export interface SentMessage {
  channel: string;
  ts: string;
  /** True when the message had already been sent (by an earlier attempt) and nothing was posted now. */
  duplicate: boolean;
}

export interface PostOnceDeps {
  db: Db;
  client: WebClient;
  now?: () => Date;
}

/**
 * Posts a message at most once per key, even when the process dies between Slack's answer and our record of it.
 *
 * The key is claimed in SQLite before sending and the ts recorded after. A claim found without a ts means an
 * earlier attempt died in between: before sending again we look for the message in the conversation itself (every
 * message carries its key in Slack message metadata), and record it if it is there. Errors that prove nothing was
 * posted (Slack said no, or 429) release the claim so the retry sends normally.
 */
export async function postOnce(
  { db, client, now = () => new Date() }: PostOnceDeps,
  key: string,
  args: ChatPostMessageArguments,
): Promise<SentMessage> {
  const existing = findMessage(db, key);
  if (existing?.state === 'sent' && existing.channel && existing.ts) {
    return { channel: existing.channel, ts: existing.ts, duplicate: true };
  }
  if (existing?.state === 'sending') {
    const found = await findPostedMessage(client, key, String(args.channel), existing.claimedAt);
    if (found) {
      recordSent(db, key, found.channel, found.ts, now());
      return { ...found, duplicate: true };
    }
  } else if (!claimMessage(db, key, now())) {
    // Another attempt claimed it between our read and our claim: let that one finish, this job retries.
    throw new Error(`message ${key} is being sent by another attempt`);
  }

  let res: Awaited<ReturnType<WebClient['chat']['postMessage']>>;
  try {
    res = await client.chat.postMessage({
      ...args,
      metadata: { event_type: MESSAGE_EVENT_TYPE, event_payload: { key } },
    } as ChatPostMessageArguments);
  } catch (err) {
    if (provesNotSent(err)) forgetClaim(db, key);
    throw err;
  }
  const channel = String(res.channel);
  const ts = String(res.ts);
  recordSent(db, key, channel, ts, now());
  return { channel, ts, duplicate: false };
}

function provesNotSent(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === ErrorCode.PlatformError || code === ErrorCode.RateLimitedError;
}

type HistoryMessage = NonNullable<ConversationsHistoryResponse['messages']>[number];

/**
 * The first message in `channel` posted since a minute before `claimedAt` that `match` accepts. Used to find out
 * whether an attempt that died between Slack's answer and our record did post: at most five pages of 200.
 */
export async function findMessageSince(
  client: WebClient,
  channel: string,
  claimedAt: string,
  match: (message: HistoryMessage) => boolean,
): Promise<HistoryMessage | undefined> {
  const oldest = String(Math.floor(new Date(claimedAt).getTime() / 1000) - 60);
  let cursor: string | undefined;
  for (let page = 0; page < 5; page++) {
    const history = await client.conversations.history({
      channel,
      oldest,
      limit: 200,
      include_all_metadata: true,
      ...(cursor ? { cursor } : {}),
    });
    const found = history.messages?.find(match);
    if (found) return found;
    cursor = history.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return undefined;
}

/** Looks for a message carrying `key` in its metadata, posted since shortly before the claim. */
async function findPostedMessage(
  client: WebClient,
  key: string,
  target: string,
  claimedAt: string,
): Promise<{ channel: string; ts: string } | undefined> {
  let channel = target;
  if (/^[UW]/.test(target)) {
    const opened = await client.conversations.open({ users: target });
    channel = String(opened.channel?.id);
  }
  const found = await findMessageSince(client, channel, claimedAt, (message) => {
    const payload = message.metadata?.event_payload as { key?: unknown } | undefined;
    return message.metadata?.event_type === MESSAGE_EVENT_TYPE && payload?.key === key && !!message.ts;
  });
  return found?.ts ? { channel, ts: found.ts } : undefined;
}
