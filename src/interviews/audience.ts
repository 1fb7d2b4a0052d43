/** Who an interview is for; each audience has its own question set in `prompts/` and a default petal. */
export const AUDIENCES = ['manager', 'executive', 'contributor'] as const;

export type Audience = (typeof AUDIENCES)[number];

export function isAudience(value: unknown): value is Audience {
  return typeof value === 'string' && (AUDIENCES as readonly string[]).includes(value);
}
