import type { AppContext } from '../context.js';
import { closeCampaign } from '../store/campaigns.js';
import {
  claimNudge,
  expireUnanswered,
  getScheduledInterview,
  listCampaignInterviews,
  releaseNudge,
  snoozeInterview,
} from '../store/interviews.js';
import { addJobs, jobId, type PlannedJob, putJob, removeJobs } from './jobs.js';
import { localDate, nextWorkingMorning } from './workingTime.js';

/** Every job an interview can have pending, by ID. Reminder numbers past the allowance cover "Later" reminders. */
function pendingJobIds(
  interviewId: number,
  remindersSent: number,
  maxReminders: number,
  nudgedOn: string | null,
) {
  const ids = [jobId.invite(interviewId), jobId.expire(interviewId)];
  const lastReminder = Math.max(maxReminders, remindersSent) + 1;
  for (let n = 1; n <= lastReminder; n++) ids.push(jobId.remind(interviewId, n));
  if (nudgedOn) ids.push(jobId.nudge(interviewId, nudgedOn));
  return ids;
}

/**
 * Removes the invitation, reminder, nudge and expiry jobs of an interview: call it once the person answered,
 * declined or was removed. A job already running finishes, finds the new status and does nothing.
 */
export async function cancelPendingJobs(ctx: AppContext, interviewId: number): Promise<void> {
  const iv = getScheduledInterview(ctx.db, interviewId);
  if (!iv) return;
  await removeJobs(
    ctx.queues.interviews,
    pendingJobIds(iv.id, iv.remindersSent, iv.settings.maxReminders, iv.nudgedOn),
  );
}

export type SnoozeResult =
  | { ok: true; remindAt: Date }
  | { ok: false; reason: 'not-found' | 'not-pending' | 'past-due'; expireAt?: Date };

/**
 * "Later": the next reminder moves to the next working morning in the person's zone (at the campaign's send time).
 * It comes even if the automatic reminders are used up — the person asked for it. Clicking Later twice on one day
 * asks for the same reminder: one job, one message.
 */
export async function snoozeInvitation(ctx: AppContext, interviewId: number): Promise<SnoozeResult> {
  const iv = getScheduledInterview(ctx.db, interviewId);
  if (!iv) return { ok: false, reason: 'not-found' };
  if (iv.campaignStatus === 'closed' || (iv.status !== 'invited' && iv.status !== 'scheduled')) {
    return { ok: false, reason: 'not-pending' };
  }
  const at = nextWorkingMorning(ctx.clock.now(), iv.tz, iv.settings.pattern);
  const expireAt = iv.expireAt ? new Date(iv.expireAt) : undefined;
  if (expireAt && at.getTime() >= expireAt.getTime()) return { ok: false, reason: 'past-due', expireAt };
  if (!snoozeInterview(ctx.db, iv.id, at)) return { ok: false, reason: 'not-pending' };
  const n = iv.remindersSent + 1;
  // Only one automatic reminder is ever pending (number n): this moves it rather than adding another.
  await putJob(ctx.queues.interviews, ctx.clock, {
    name: 'remind',
    id: jobId.remind(iv.id, n),
    data: { interviewId: iv.id, n },
    at,
  });
  return { ok: true, remindAt: at };
}

export interface CloseResult {
  /** False when the campaign was closed already (nothing changed). */
  closed: boolean;
  /** Interviews that were still unanswered and are now expired. */
  expired: number;
}

/**
 * Ends a campaign: unanswered interviews expire now (status first, so `status` is right at once), their pending
 * jobs go, and each one's expiry job runs now to turn the DM into its closed form — through the rate-limited
 * queue, since a large campaign means hundreds of chat.update calls.
 */
export async function closeCampaignNow(ctx: AppContext, campaignId: number): Promise<CloseResult> {
  const now = ctx.clock.now();
  const closed = closeCampaign(ctx.db, campaignId, now);
  const ids = expireUnanswered(ctx.db, campaignId, now);
  for (const id of ids) {
    const iv = getScheduledInterview(ctx.db, id);
    if (!iv) continue;
    const pending = pendingJobIds(id, iv.remindersSent, iv.settings.maxReminders, iv.nudgedOn).filter(
      (j) => j !== jobId.expire(id),
    );
    await removeJobs(ctx.queues.interviews, pending);
    if (iv.dmTs) {
      await putJob(ctx.queues.interviews, ctx.clock, {
        name: 'expire',
        id: jobId.expire(id),
        data: { interviewId: id },
        at: now,
      });
    } else {
      await removeJobs(ctx.queues.interviews, [jobId.expire(id)]);
    }
  }
  return { closed, expired: ids.length };
}

export interface NudgeResult {
  /** Nudges queued now. */
  queued: number;
  /** Still pending, but already contacted today (invitation, reminder or nudge) in their own day. */
  contactedToday: number;
  /** Not invited yet: their invitation comes first. */
  notInvitedYet: number;
  /** Asked for a live talk: their interviewer follows up, so they are not nudged. */
  talkRequested: number;
}

/**
 * `remind`: a nudge now to everyone invited who has not answered, at most one message a day each (their own day):
 * someone invited or reminded today is left alone. The nudges go through the rate-limited queue.
 */
export async function nudgePending(ctx: AppContext, campaignId: number, by: string): Promise<NudgeResult> {
  const now = ctx.clock.now();
  const result: NudgeResult = { queued: 0, contactedToday: 0, notInvitedYet: 0, talkRequested: 0 };
  const jobs: PlannedJob[] = [];
  const claimed: { id: number; day: string }[] = [];
  for (const iv of listCampaignInterviews(ctx.db, campaignId, ['scheduled', 'invited'])) {
    if (iv.status === 'scheduled') {
      result.notInvitedYet += 1;
      continue;
    }
    if (iv.talkRequested) {
      result.talkRequested += 1;
      continue;
    }
    const today = localDate(now, iv.tz);
    const lastContact = [iv.invitedAt, iv.lastRemindedAt].filter((t): t is string => !!t);
    if (
      lastContact.some((t) => localDate(new Date(t), iv.tz) === today) ||
      !claimNudge(ctx.db, iv.id, today)
    ) {
      result.contactedToday += 1;
      continue;
    }
    claimed.push({ id: iv.id, day: today });
    jobs.push({
      name: 'nudge',
      id: jobId.nudge(iv.id, today),
      data: { interviewId: iv.id, day: today, by },
      at: now,
    });
  }
  try {
    await addJobs(ctx.queues.interviews, ctx.clock, jobs);
  } catch (err) {
    // Nothing queued means nothing sent: give the day back so `remind` can be run again.
    for (const c of claimed) releaseNudge(ctx.db, c.id, c.day);
    throw err;
  }
  result.queued = jobs.length;
  return result;
}
