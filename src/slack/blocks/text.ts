/**
 * Slack mrkdwn treats &, < and > as control characters (links, mentions); escaping them shows people's words exactly
 * as typed and stops a stored answer from pinging @channel or faking a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters (Slack counts UTF-16 units loosely; we count code points) with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** A text progress bar such as `▓▓▓▓▓░░░░░ 50%`, readable on a phone and in notifications. */
export function progressBar(done: number, total: number, width = 10): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * width);
  return `${'▓'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.round(ratio * 100)}%`;
}
