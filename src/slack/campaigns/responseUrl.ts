import type { KnownBlock } from '@slack/types';
import type { AppContext } from '../../context.js';

/**
 * Posts to a slash command's response_url (kept in the modal's metadata). Only Slack's own hosts — or the Web API
 * host the app is configured with, as the sandbox uses — are accepted, so a doctored URL cannot make the app post
 * elsewhere.
 */
export async function postToResponseUrl(
  ctx: AppContext,
  url: string | undefined,
  message: { text: string; blocks?: KnownBlock[]; replace_original?: boolean },
): Promise<void> {
  if (!url || !isTrustedResponseUrl(ctx, url)) return;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', ...message }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) ctx.logger.warn({ status: res.status }, 'response_url refused the message');
  } catch (err) {
    // Expired (30 minutes, 5 uses) or unreachable: the modal still shows the result.
    ctx.logger.warn({ err: String(err) }, 'could not post to the response_url');
  }
}

export function isTrustedResponseUrl(ctx: AppContext, url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'https:' && (u.hostname === 'hooks.slack.com' || u.hostname.endsWith('.slack.com')))
    return true;
  return u.origin === new URL(ctx.config.slack.apiUrl).origin;
}
