import type { AppContext, Background } from '../context.js';
import { runRetentionSweep } from './retention.js';

export interface PrivacyBackgroundOptions {
  /**
   * Real milliseconds between retention sweeps. Default: an hour of app time (so a sped-up sandbox clock sweeps as
   * often per virtual day as production does per day), at least 5 s.
   */
  intervalMs?: number;
}

/**
 * Runs the retention sweep at start and then periodically. A plain timer rather than a queued job: the sweep is an
 * idempotent UPDATE that only needs SQLite, so it keeps working while Redis is down, and several instances running it
 * at once do no harm. Does nothing without OSPO_RETENTION_DAYS.
 */
export async function startPrivacyBackground(
  ctx: AppContext,
  options: PrivacyBackgroundOptions = {},
): Promise<Background> {
  if (ctx.config.ospo.retentionDays === undefined) return { close: async () => {} };
  const intervalMs =
    options.intervalMs ?? Math.max(5_000, Math.round(3600_000 / Math.max(1, ctx.clock.speed)));
  const tick = () => {
    try {
      runRetentionSweep(ctx);
    } catch (err) {
      // A database locked by another process for longer than busy_timeout: the next tick tries again.
      ctx.logger.warn({ err: String(err) }, 'retention sweep failed; retrying at the next interval');
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    close: async () => {
      clearInterval(timer);
    },
  };
}
