import { ErrorCode } from '@slack/web-api';
import { type Queue, Worker } from 'bullmq';

/**
 * Runs one job's work. If Slack refuses a call with 429, the whole queue pauses for Slack's Retry-After and BullMQ's
 * RateLimitError is thrown, so the job goes back to waiting instead of failing an attempt. Everything waits, not just
 * this job: the next send would be refused too.
 *
 * Units: Slack's `retryAfter` is in seconds (read as at least 1, and 1 when missing); `queue.rateLimit` takes
 * milliseconds. Needs a client with `rejectRateLimitedCalls: true`, or the 429 never reaches here.
 */
export async function withSlackRateLimit<T>(
  queue: Pick<Queue, 'rateLimit'>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if ((err as { code?: string }).code === ErrorCode.RateLimitedError) {
      const retryAfterSec = Number((err as { retryAfter?: number }).retryAfter ?? 1);
      await queue.rateLimit(Math.max(1, retryAfterSec) * 1000);
      throw Worker.RateLimitError();
    }
    throw err;
  }
}
