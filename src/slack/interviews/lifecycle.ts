import type { AppContext } from '../../context.js';
import { nextWorkingMorning, safeTimeZone } from '../../schedule/workingTime.js';
import { getScheduledInterview, snoozeInterview } from '../../store/interviews.js';

/**
 * The campaigns feature's side of an interview's life, gathered here so the interview flow has one seam to it:
 * pending invitation/reminder/expiry jobs, the snooze of "Later", and what a finished invitation looks like.
 */
export { type ClosedStatus, closedInvitationBlocks, closedInvitationText } from '../blocks/invitation.js';

/** Reminders a campaign may send at most; job ids follow the queue's `remind-<id>-<n>` convention. */
const MAX_REMINDER_JOBS = 5;

/**
 * Removes the interview's pending invitation, reminder and expiry jobs. Jobs that already ran or are running are
 * left alone; their processors check the interview's status before sending anything.
 */
export async function cancelPendingJobs(ctx: AppContext, interviewId: number): Promise<void> {
  const ids = [
    `invite-${interviewId}`,
    `expire-${interviewId}`,
    ...Array.from({ length: MAX_REMINDER_JOBS }, (_, n) => `remind-${interviewId}-${n + 1}`),
  ];
  await Promise.all(ids.map((id) => ctx.queues.interviews.remove(id).catch(() => 0)));
}

/**
 * "Later": the next reminder moves to the person's next working morning. Returns when, or undefined when the
 * interview is no longer waiting for an answer.
 */
export async function snoozeInvitation(
  ctx: AppContext,
  interviewId: number,
): Promise<{ until: Date } | undefined> {
  const interview = getScheduledInterview(ctx.db, interviewId);
  if (!interview) return undefined;
  const until = nextWorkingMorning(ctx.clock.now(), safeTimeZone(interview.tz), interview.settings.pattern);
  return snoozeInterview(ctx.db, interviewId, until) ? { until } : undefined;
}
