import type { AppContext } from '../context.js';
import { recordAudit } from '../store/audit.js';
import { type SweepResult, sweepExpiredText } from '../store/retention.js';

const DAY_MS = 24 * 3600_000;

/** The instant before which answer text is erased, or undefined when no retention period is set. */
export function retentionCutoff(now: Date, retentionDays: number | undefined): Date | undefined {
  if (retentionDays === undefined) return undefined;
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * One retention pass: erases answer text older than OSPO_RETENTION_DAYS by the app clock. Safe to run on several
 * instances at once (an erased text is not erased twice). Audited as the system's action when it erased anything.
 */
export function runRetentionSweep(ctx: AppContext): SweepResult | undefined {
  const cutoff = retentionCutoff(ctx.clock.now(), ctx.config.ospo.retentionDays);
  if (!cutoff) return undefined;
  const result = sweepExpiredText(ctx.db, cutoff);
  if (result.answers > 0 || result.drafts > 0 || result.tags > 0) {
    recordAudit(ctx.db, {
      actor: 'system',
      action: 'retention.sweep',
      target: null,
      detail: { ...result, before: cutoff.toISOString(), retentionDays: ctx.config.ospo.retentionDays },
      at: ctx.clock.now(),
    });
    ctx.logger.info({ ...result }, 'retention: erased answer text past the retention period');
  }
  return result;
}
