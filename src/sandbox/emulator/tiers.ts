/**
 * Slack's rate-limit tier of each emulated method, from the method reference pages
 * (docs.slack.dev/reference/methods/<method>, "Rate limits"). Limits apply per method per workspace per app.
 *
 * Slack publishes tiers as floors ("20+ per minute") and says bursts are tolerated without numbers; the
 * emulator uses the floor as the sustained rate and the burst sizes below, so code that respects the
 * floor is safe on real Slack too.
 */

export interface BucketSpec {
  /** `workspace`: one bucket per method; `channel`: one per target channel (chat.postMessage). */
  scope: 'workspace' | 'channel';
  /** Calls allowed per window, sustained. */
  limit: number;
  /** Window length in ms before `timeScale` is applied. */
  windowMs: number;
  /** Calls that may be made back to back from a full bucket (≥ 1). */
  burst: number;
}

const MINUTE = 60_000;

export const TIERS = {
  tier1: { scope: 'workspace', limit: 1, windowMs: MINUTE, burst: 2 },
  tier2: { scope: 'workspace', limit: 20, windowMs: MINUTE, burst: 3 },
  tier3: { scope: 'workspace', limit: 50, windowMs: MINUTE, burst: 5 },
  tier4: { scope: 'workspace', limit: 100, windowMs: MINUTE, burst: 10 },
} as const satisfies Record<string, BucketSpec>;

/**
 * chat.postMessage is "special": about one message per second per channel, short bursts allowed, plus a
 * workspace-wide cap Slack does not publish. The emulator models 1/s per channel with a burst of 3, and a
 * workspace cap of 600 per minute with a burst of 20.
 */
export const POST_MESSAGE_BUCKETS: BucketSpec[] = [
  { scope: 'channel', limit: 1, windowMs: 1000, burst: 3 },
  { scope: 'workspace', limit: 600, windowMs: MINUTE, burst: 20 },
];

/**
 * auth.test is "special" too, documented only as generous; Bolt calls it once per app start. The emulator
 * allows 600 per minute so that many app instances can start against one emulator.
 */
export const AUTH_TEST_BUCKETS: BucketSpec[] = [
  { scope: 'workspace', limit: 600, windowMs: MINUTE, burst: 50 },
];

export const METHOD_TIERS: Record<string, BucketSpec[]> = {
  'auth.test': AUTH_TEST_BUCKETS,
  'chat.postMessage': POST_MESSAGE_BUCKETS,
  'chat.update': [TIERS.tier3],
  'chat.delete': [TIERS.tier3],
  'chat.postEphemeral': [TIERS.tier4],
  'conversations.open': [TIERS.tier3],
  'conversations.info': [TIERS.tier3],
  'conversations.list': [TIERS.tier2],
  'conversations.history': [TIERS.tier3],
  'conversations.replies': [TIERS.tier3],
  'conversations.members': [TIERS.tier4],
  'users.info': [TIERS.tier4],
  'users.list': [TIERS.tier2],
  'users.lookupByEmail': [TIERS.tier3],
  'usergroups.list': [TIERS.tier2],
  'usergroups.users.list': [TIERS.tier2],
  'views.open': [TIERS.tier4],
  'views.push': [TIERS.tier4],
  'views.update': [TIERS.tier4],
  'views.publish': [TIERS.tier4],
  'files.getUploadURLExternal': [TIERS.tier4],
  'files.completeUploadExternal': [TIERS.tier4],
};
