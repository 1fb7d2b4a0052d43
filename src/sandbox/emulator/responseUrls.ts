import { randomBytes } from 'node:crypto';
import { checkContent, isResult } from './methods/chat.js';
import type { Workspace } from './workspace.js';

/** Where a response_url's answers go: the conversation, the person, and the message that was clicked. */
export interface ResponseUrlContext {
  channelId?: string;
  userId?: string;
  /** The message holding the clicked button, for `replace_original` / `delete_original`. */
  messageTs?: string;
}

interface ResponseUrlRecord extends ResponseUrlContext {
  mintedAt: number;
  uses: number;
}

export interface ResponseUrlAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Slack lets an app use a response_url five times within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;

export class ResponseUrls {
  private readonly urls = new Map<string, ResponseUrlRecord>();

  constructor(private readonly ttlMs: number) {}

  mint(ctx: ResponseUrlContext): string {
    const id = `${Date.now().toString(36)}${randomBytes(8).toString('hex')}`;
    this.urls.set(id, { ...ctx, mintedAt: Date.now(), uses: 0 });
    return id;
  }

  handle(ws: Workspace, id: string, body: Record<string, unknown> | undefined): ResponseUrlAnswer {
    const rec = this.urls.get(id);
    if (!rec) return { status: 404, body: { ok: false, error: 'no_such_url' } };
    if (Date.now() - rec.mintedAt > this.ttlMs)
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (rec.uses >= RESPONSE_URL_MAX_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
    if (!body) return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    rec.uses += 1;
    const channelId = rec.channelId ?? '';

    if (body.delete_original === true || body.delete_original === 'true') {
      if (rec.messageTs) ws.deleteMessage(channelId, rec.messageTs);
      return { status: 200, body: { ok: true } };
    }
    const content = checkContent(body, true);
    if (isResult(content)) return { status: 400, body: content };

    const replace = body.replace_original === true || body.replace_original === 'true';
    const original = rec.messageTs ? ws.findMessage(channelId, rec.messageTs) : undefined;
    if (replace && original) {
      original.text = content.text ?? '';
      if (content.blocks) original.blocks = content.blocks;
      else delete original.blocks;
      original.edited = { user: ws.bot.userId, ts: ws.nextTs() };
      return { status: 200, body: { ok: true } };
    }
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    if (body.response_type === 'in_channel') {
      ws.addMessage({
        channel: channelId,
        text: content.text ?? '',
        user: ws.bot.userId,
        bot_id: ws.bot.botId,
        app_id: ws.bot.appId,
        ...(content.blocks ? { blocks: content.blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return { status: 200, body: { ok: true } };
    }
    ws.ephemerals.push({
      message_ts: ws.nextTs(),
      channel: channelId,
      user: rec.userId ?? '',
      text: content.text ?? '',
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      via: 'response_url',
    });
    return { status: 200, body: { ok: true } };
  }

  reset(): void {
    this.urls.clear();
  }
}
