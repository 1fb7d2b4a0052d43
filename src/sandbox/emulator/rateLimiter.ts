import { type BucketSpec, METHOD_TIERS } from './tiers.js';

/**
 * Token buckets per method (and per channel for chat.postMessage). A bucket holds up to `burst` calls and
 * refills continuously at `limit / window`. Consequences the tests and benchmarks rely on:
 * - a client spacing calls exactly `window / limit` apart never sees a 429 (it refills as fast as it spends);
 * - the earliest moment the n-th call can succeed is computable (`minimumDurationMs`);
 * - refused calls cost nothing, so retrying after the advertised wait always succeeds if nobody else called.
 */

/** Partial fields change the method's workspace bucket; an array replaces all buckets; `false` lifts the limit. */
export type LimitOverride = Partial<Pick<BucketSpec, 'limit' | 'windowMs' | 'burst'>> | BucketSpec[] | false;

export interface RateLimitOptions {
  /** Apply limits at all (default true). */
  rateLimits?: boolean;
  /** Speed-up factor: 60 makes a one-minute window last one second (default 1). */
  timeScale?: number;
  /** Per-method changes to the tiers in `tiers.ts`. Methods absent from both are not limited. */
  limits?: Record<string, LimitOverride>;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

// Float slack so a client paced exactly at the limit is not refused for a rounding error.
const EPSILON = 1e-9;

/** The buckets that apply to a method after overrides, windows not yet scaled. */
export function bucketsFor(method: string, opts: RateLimitOptions = {}): BucketSpec[] {
  const base = METHOD_TIERS[method] ?? [];
  const override = opts.limits?.[method];
  if (override === undefined) return base;
  if (override === false) return [];
  if (Array.isArray(override)) return override;
  const idx = base.findIndex((b) => b.scope === 'workspace');
  if (idx < 0) return [...base, { scope: 'workspace', limit: 1, windowMs: 60_000, burst: 1, ...override }];
  return base.map((b, i) => (i === idx ? { ...b, ...override } : b));
}

interface BucketState {
  tokens: number;
  last: number;
}

export class RateLimiter {
  private readonly state = new Map<string, BucketState>();

  constructor(
    private readonly opts: RateLimitOptions = {},
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Tries to spend one call of `method` (towards `channel` when the method is limited per channel). */
  take(method: string, channel = ''): TakeResult {
    if (this.opts.rateLimits === false) return { ok: true };
    const buckets = bucketsFor(method, this.opts);
    if (buckets.length === 0) return { ok: true };
    const scale = this.opts.timeScale ?? 1;
    const t = this.now();
    const live = buckets.map((spec) => {
      const key = `${method}|${spec.scope}|${spec.scope === 'channel' ? channel : ''}|${spec.windowMs}`;
      const burst = Math.max(1, spec.burst);
      const ratePerMs = spec.limit / (spec.windowMs / scale);
      const s = this.state.get(key) ?? { tokens: burst, last: t };
      s.tokens = Math.min(burst, s.tokens + Math.max(0, t - s.last) * ratePerMs);
      s.last = t;
      this.state.set(key, s);
      return { s, ratePerMs };
    });
    const short = live.filter(({ s }) => s.tokens < 1 - EPSILON);
    if (short.length === 0) {
      for (const { s } of live) s.tokens -= 1;
      return { ok: true };
    }
    const retryAfterMs = Math.max(...short.map(({ s, ratePerMs }) => (1 - s.tokens) / ratePerMs));
    return { ok: false, retryAfterMs };
  }

  reset(): void {
    this.state.clear();
  }
}

export interface MinimumDurationOptions extends RateLimitOptions {
  /** For per-channel limits: calls are spread round-robin over this many channels (default 1). */
  channels?: number;
}

/**
 * The least time, in ms, between the first and the n-th successful call of `method` when starting from
 * full buckets: what the emulator's limits make unavoidable. Computed by running the real limiter on a
 * virtual clock with a client that calls again exactly when told it may.
 */
export function minimumDurationMs(method: string, n: number, opts: MinimumDurationOptions = {}): number {
  let t = 0;
  const limiter = new RateLimiter(opts, () => t);
  const channels = Math.max(1, opts.channels ?? 1);
  for (let i = 0; i < n; i++) {
    for (;;) {
      const r = limiter.take(method, `C${i % channels}`);
      if (r.ok) break;
      t += Math.max(r.retryAfterMs, 1e-6);
    }
  }
  return t;
}
