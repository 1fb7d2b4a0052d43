import type { Job, JobsOptions, Queue } from 'bullmq';
import type { Clock } from './clock.js';

/**
 * The interview queue's jobs. IDs are derived from the interview (and reminder number, or day), never random, so
 * scheduling the same thing twice — a retried submission, a reconcile after restart — enqueues it once. BullMQ
 * forbids ':' in custom IDs, hence '-'.
 */
export type InterviewJobName = 'invite' | 'remind' | 'expire' | 'nudge';

export interface InterviewJobData {
  interviewId: number;
  /** remind: which reminder (1-based). */
  n?: number;
  /** nudge: the person's local date it is for, and who asked. */
  day?: string;
  by?: string;
}

export const jobId = {
  invite: (interviewId: number) => `invite-${interviewId}`,
  remind: (interviewId: number, n: number) => `remind-${interviewId}-${n}`,
  expire: (interviewId: number) => `expire-${interviewId}`,
  nudge: (interviewId: number, day: string) => `nudge-${interviewId}-${day.replace(/-/g, '')}`,
};

/** One job as wanted: what, for whom, and when (virtual time). */
export interface PlannedJob {
  name: InterviewJobName;
  id: string;
  data: InterviewJobData;
  at: Date;
}

/** The facts of an interview row that decide its jobs. */
export interface JobFacts {
  id: number;
  status: string;
  inviteAt: string | null;
  remindAt: string | null;
  remindersSent: number;
  expireAt: string | null;
}

/**
 * The jobs an interview should have right now, from the store alone: a scheduled one needs its invitation and its
 * expiry; an invited one its next reminder (if any is left) and its expiry; anything else none.
 */
export function wantedJobs(i: JobFacts): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  if (i.status !== 'scheduled' && i.status !== 'invited') return jobs;
  if (i.status === 'scheduled' && i.inviteAt) {
    jobs.push({
      name: 'invite',
      id: jobId.invite(i.id),
      data: { interviewId: i.id },
      at: new Date(i.inviteAt),
    });
  }
  if (i.status === 'invited' && i.remindAt) {
    const n = i.remindersSent + 1;
    jobs.push({
      name: 'remind',
      id: jobId.remind(i.id, n),
      data: { interviewId: i.id, n },
      at: new Date(i.remindAt),
    });
  }
  if (i.expireAt) {
    jobs.push({
      name: 'expire',
      id: jobId.expire(i.id),
      data: { interviewId: i.id },
      at: new Date(i.expireAt),
    });
  }
  return jobs;
}

/** Retries for sends: the first after a second, then doubling (1 s … about 4 min over 8 attempts). */
export const SEND_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
};

function toBulk(clock: Clock, job: PlannedJob) {
  return {
    name: job.name,
    data: job.data,
    opts: { ...SEND_JOB_OPTIONS, jobId: job.id, delay: clock.delayUntil(job.at) },
  };
}

/** Adds jobs in batches; a job whose ID exists already is left as it is (BullMQ ignores the duplicate). */
export async function addJobs(queue: Queue, clock: Clock, jobs: PlannedJob[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += 500) {
    await queue.addBulk(jobs.slice(i, i + 500).map((j) => toBulk(clock, j)));
  }
}

/**
 * Makes the job run at `job.at`, whatever state it is in: a delayed one is moved, a finished one replaced, a
 * missing one added. A job waiting or running now is left alone: it is about to do the work anyway.
 */
export async function putJob(queue: Queue, clock: Clock, job: PlannedJob): Promise<void> {
  const existing = (await queue.getJob(job.id)) as Job | undefined;
  const delay = clock.delayUntil(job.at);
  if (existing) {
    const state = await existing.getState();
    if (state === 'delayed') {
      await existing.updateData(job.data);
      if (delay > 0) await existing.changeDelay(delay);
      else await existing.promote();
      return;
    }
    if (state === 'waiting' || state === 'active' || state === 'prioritized' || state === 'waiting-children')
      return;
    await existing.remove().catch(() => undefined);
  }
  await queue.add(job.name, job.data, { ...SEND_JOB_OPTIONS, jobId: job.id, delay });
}

/** Removes jobs that are not running; a running one finishes and finds nothing to do (its processor checks). */
export async function removeJobs(queue: Queue, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => queue.remove(id).catch(() => 0)));
}
