import type { Job } from 'bullmq';
import type { AppContext } from '../context.js';
import { listLiveInterviews } from '../store/interviews.js';
import { addJobs, type PlannedJob, wantedJobs } from './jobs.js';

export interface ReconcileReport {
  /** Interviews looked at (scheduled or invited, in open campaigns). */
  interviews: number;
  /** Jobs that were missing and were added. */
  added: number;
  /** Jobs that had failed for good and were retried. */
  retried: number;
  /** Jobs finished without doing their work (state says they are still needed): replaced. */
  replaced: number;
}

const CHUNK = 200;

/**
 * Makes the queue match the store: every interview still waiting on the scheduler gets the jobs `wantedJobs` says
 * it needs. Safe at any time and any number of times: IDs are deterministic, processors check the status before
 * acting, and postOnce stops a second send of anything that went out.
 */
export async function reconcileInterviewJobs(ctx: AppContext): Promise<ReconcileReport> {
  const queue = ctx.queues.interviews;
  const interviews = listLiveInterviews(ctx.db);
  const wanted = interviews.flatMap((i) => wantedJobs(i));
  const report: ReconcileReport = { interviews: interviews.length, added: 0, retried: 0, replaced: 0 };
  const missing: PlannedJob[] = [];
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const chunk = wanted.slice(i, i + CHUNK);
    const states = await Promise.all(chunk.map((j) => queue.getJobState(j.id)));
    await Promise.all(
      chunk.map(async (job, k) => {
        const state = states[k];
        if (state === 'unknown') {
          missing.push(job);
        } else if (state === 'failed') {
          const found = (await queue.getJob(job.id)) as Job | undefined;
          await found?.retry('failed');
          report.retried += 1;
        } else if (state === 'completed') {
          // Completed, yet the row still wants it (e.g. it ran while Redis was being restored): run it again.
          await queue.remove(job.id);
          missing.push(job);
          report.replaced += 1;
        }
      }),
    );
  }
  await addJobs(queue, ctx.clock, missing);
  report.added = missing.length - report.replaced;
  return report;
}
