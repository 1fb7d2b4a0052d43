import type { AppContext } from '../context.js';
import { cancelPendingJobs } from '../schedule/lifecycle.js';
import { recordAudit } from '../store/audit.js';
import { type ErasureResult, erasePerson, listInterviewIdsOf } from '../store/erasure.js';
import { purgeJobs } from './jobs.js';

export interface EraseRequest {
  /** Whose data goes. */
  subject: string;
  /** Who asked: the subject themselves, or a member of staff acting on a request made elsewhere. */
  actor: string;
}

export interface EraseOutcome extends ErasureResult {
  /** False when an earlier request had already erased everything: nothing changed now. */
  erasedNow: boolean;
  /** Queued jobs removed; undefined when Redis could not be reached (the jobs then find nothing and stop). */
  jobsRemoved: number | undefined;
}

/**
 * Erases a person's data: pending jobs cancelled, then the store in one transaction, so the person is gone even if
 * Redis is down; then a sweep of the queues for any job still naming them. A staff erasure is audited with who did it and for whom, so it cannot be used quietly to drop
 * someone's unwelcome answers; a person's own erasure is audited without their ID, since they asked for it to go.
 */
export async function eraseData(ctx: AppContext, req: EraseRequest): Promise<EraseOutcome> {
  // The scheduler finds an interview's jobs from its row, so they are cancelled while the row is still there.
  for (const id of listInterviewIdsOf(ctx.db, req.subject)) {
    await cancelPendingJobs(ctx, id).catch((err: unknown) =>
      ctx.logger.warn(
        { err: String(err) },
        'could not cancel pending jobs before erasure; the sweep below retries',
      ),
    );
  }
  // The erasure and its audit entry commit together: no erasure goes unrecorded, even on a crash.
  const result = ctx.db
    .transaction(() => {
      const erased = erasePerson(ctx.db, req.subject);
      if (wasErasedNow(erased)) {
        const self = req.actor === req.subject;
        recordAudit(ctx.db, {
          actor: self ? 'self' : req.actor,
          action: 'person.forget',
          target: self ? null : `user:${req.subject}`,
          detail: {
            interviews: erased.interviews,
            answers: erased.answers,
            tags: erased.tags,
            drafts: erased.drafts,
            interviewerOf: erased.interviewerOf,
          },
          at: ctx.clock.now(),
        });
      }
      return erased;
    })
    .immediate();
  let jobsRemoved: number | undefined;
  try {
    jobsRemoved = await purgeJobs(ctx, result.interviewIds, req.subject);
  } catch (err) {
    ctx.logger.warn({ err: String(err) }, 'erased from the store, but queued jobs could not be removed now');
  }
  return { ...result, erasedNow: wasErasedNow(result), jobsRemoved };
}

function wasErasedNow(r: ErasureResult): boolean {
  return r.interviews > 0 || r.interviewerOf > 0 || r.known;
}
