import type { AppContext } from '../../context.js';
import { messageView } from './modalView.js';

/** What Bolt hands an action listener that we need to answer the person who clicked. */
export interface ClickBody {
  user: { id: string };
  trigger_id?: string;
  response_url?: string;
  channel?: { id: string };
  container?: { type?: string; channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
  message?: { ts?: string };
}

/** The message that was clicked, when it is a normal (updatable) message. */
export function clickedMessage(body: ClickBody): { channel: string; ts: string } | undefined {
  const channel = body.container?.channel_id ?? body.channel?.id;
  const ts = body.container?.message_ts ?? body.message?.ts;
  if (!channel || !ts || body.container?.is_ephemeral) return undefined;
  return { channel, ts };
}

/**
 * Tells only the clicker something: ephemerally where the click came from a message, in a small modal where it came
 * from the Home tab (which has no response_url). Never throws: a failed notice must not turn into a retry.
 */
export async function tellClicker(
  ctx: AppContext,
  body: ClickBody,
  text: string,
  useTrigger = true,
): Promise<void> {
  try {
    if (body.response_url) {
      await fetch(body.response_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
        signal: AbortSignal.timeout(5_000),
      });
      return;
    }
    if (useTrigger && body.trigger_id) {
      await ctx.slack.views.open({ trigger_id: body.trigger_id, view: messageView('OSPO interviews', text) });
      return;
    }
    const channel = body.channel?.id ?? body.container?.channel_id;
    if (channel) await ctx.slack.chat.postEphemeral({ channel, user: body.user.id, text });
  } catch (err) {
    ctx.logger.warn({ err, user: body.user.id }, 'could not tell the clicker');
  }
}
