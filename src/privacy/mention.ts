/** A Slack user ID: U… or W… (Enterprise Grid), upper-case letters and digits. */
const USER_ID = /^[UW][A-Z0-9]{2,20}$/;

export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && USER_ID.test(value);
}

/**
 * The user a staff member named after a command: `<@U123|name>` (how Slack escapes a typed @mention), `<@U123>`, or a
 * bare `U123`. Anything else (a plain @name, a channel, a group, two people) is undefined, so nobody is erased by a
 * guess.
 */
export function parseUserMention(text: string): string | undefined {
  const trimmed = text.trim();
  const escaped = /^<@([UW][A-Z0-9]{2,20})(?:\|[^<>]*)?>$/.exec(trimmed);
  if (escaped) return escaped[1];
  return isUserId(trimmed) ? trimmed : undefined;
}
