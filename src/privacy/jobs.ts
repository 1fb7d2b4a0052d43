import type { JobType, Queue } from 'bullmq';
import type { AppContext } from '../context.js';

/** Job states whose data sits in Redis: pending ones would still act, finished ones still hold IDs (kept a day). */
const STATES: JobType[] = ['waiting', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'];
const PAGE = 500;

export interface JobRef {
  id?: string | undefined;
  data?: unknown;
}

/**
 * Whether a job concerns one of `interviewIds` or `userId`: by its data (`interviewId`, `userId`) or, for the
 * per-interview queues, by the documented ID convention `<kind>-<interviewId>[-…]` (invite-42, remind-42-1, tag-42-v3).
 */
export function jobConcerns(
  job: JobRef,
  interviewIds: ReadonlySet<number>,
  userId: string,
  byIdConvention: boolean,
): boolean {
  const data = job.data as Record<string, unknown> | null | undefined;
  if (data && typeof data === 'object') {
    const id = Number(data.interviewId);
    if (Number.isInteger(id) && interviewIds.has(id)) return true;
    if (data.userId === userId) return true;
  }
  if (byIdConvention && job.id) {
    const m = /^[a-z]+-(\d+)(?:-|$)/.exec(job.id);
    if (m && interviewIds.has(Number(m[1]))) return true;
  }
  return false;
}

/**
 * Removes the queued and finished jobs of an erased person's interviews, so no invitation or reminder goes out after
 * they asked to be forgotten and no job data names them. Jobs running right now cannot be removed; they find the
 * interview gone and do nothing. Returns how many jobs went.
 */
export async function purgeJobs(
  ctx: AppContext,
  interviewIds: readonly number[],
  userId: string,
): Promise<number> {
  const ids = new Set(interviewIds);
  const queues: [Queue, boolean][] = [
    [ctx.queues.interviews, true],
    [ctx.queues.tagging, true],
    [ctx.queues.digest, false],
  ];
  let removed = 0;
  for (const [queue, byId] of queues) {
    const doomed: string[] = [];
    for (const state of STATES) {
      for (let start = 0; ; start += PAGE) {
        const page = await queue.getJobs([state], start, start + PAGE - 1, true);
        for (const job of page) {
          if (job?.id && jobConcerns(job, ids, userId, byId)) doomed.push(job.id);
        }
        if (page.length < PAGE) break;
      }
    }
    for (const id of new Set(doomed)) {
      try {
        removed += await queue.remove(id);
      } catch (err) {
        ctx.logger.debug({ err: String(err), jobId: id }, 'job could not be removed (running)');
      }
    }
  }
  return removed;
}
