import type { WebClient } from '@slack/web-api';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { AppContext } from '../context.js';
import { invitationMessage, type MessageContent, reminderMessage } from '../slack/blocks/invitation.js';
import { postOnce, type SentMessage } from '../slack/sendOnce.js';
import {
  getScheduledInterview,
  markExpired,
  markInvited,
  markRemoved,
  recordInvitationMessage,
  recordNudgeSent,
  recordReminder,
  type ScheduledInterview,
  setRemindAt,
} from '../store/interviews.js';
import { invitationContentFor, updateInvitationMessages } from './invitationMessages.js';
import { addJobs, type InterviewJobData, type InterviewJobName, jobId } from './jobs.js';
import { nextReminderAt } from './plan.js';
import { localDate, reminderSlot } from './workingTime.js';

export interface ProcessorDeps {
  ctx: AppContext;
  /** The sending client: rejects 429s (the worker pauses the queue) and leaves retries to the job. */
  client: WebClient;
}

/** What a job did, kept as its return value (visible in BullMQ) and counted by tests and the bench. */
export type JobOutcome =
  | 'sent'
  | 'already-sent'
  | 'skipped-not-pending'
  | 'skipped-closed'
  | 'skipped-stale'
  | 'skipped-past-due'
  | 'skipped-talk-requested'
  | 'expired'
  | 'removed';

/** Slack answers that mean this person can never get a DM: retrying would fail the same way forever. */
const UNDELIVERABLE = new Set([
  'user_not_found',
  'account_inactive',
  'cannot_dm_bot',
  'user_disabled',
  'channel_not_found',
]);

function slackErrorCode(err: unknown): string | undefined {
  return (err as { data?: { error?: string } }).data?.error;
}

function postDeps({ ctx, client }: ProcessorDeps) {
  return { db: ctx.db, client, now: () => ctx.clock.now() };
}

async function giveUpOnPerson(deps: ProcessorDeps, iv: ScheduledInterview, err: unknown): Promise<never> {
  const code = slackErrorCode(err);
  deps.ctx.logger.warn(
    { interview: iv.id, user: iv.userId, code },
    'Slack cannot reach this person; removing them',
  );
  markRemoved(deps.ctx.db, iv.id, deps.ctx.clock.now());
  throw new UnrecoverableError(`undeliverable: ${code}`);
}

/** One DM to the interviewee, at most once per key; someone Slack can never reach leaves the campaign instead. */
async function sendToPerson(
  deps: ProcessorDeps,
  iv: ScheduledInterview,
  key: string,
  message: MessageContent,
): Promise<SentMessage> {
  try {
    // A user ID as channel posts in the app's DM with them: no conversations.open per person.
    return await postOnce(postDeps(deps), key, { channel: iv.userId, ...message });
  } catch (err) {
    if (UNDELIVERABLE.has(slackErrorCode(err) ?? '')) return giveUpOnPerson(deps, iv, err);
    throw err;
  }
}

export async function processInvite(deps: ProcessorDeps, data: InterviewJobData): Promise<JobOutcome> {
  const { ctx } = deps;
  const iv = getScheduledInterview(ctx.db, data.interviewId);
  if (!iv) return 'skipped-stale';
  if (iv.campaignStatus === 'closed') return 'skipped-closed';
  if (iv.status !== 'scheduled') return iv.status === 'invited' ? 'already-sent' : 'skipped-not-pending';
  const now = ctx.clock.now();
  if (iv.expireAt && now.getTime() >= new Date(iv.expireAt).getTime()) {
    markExpired(ctx.db, iv.id, now);
    return 'skipped-past-due';
  }
  const message = invitationMessage(invitationContentFor(ctx, iv));
  const sent = await sendToPerson(deps, iv, jobId.invite(iv.id), message);
  const expireAt = iv.expireAt ? new Date(iv.expireAt) : new Date(8.64e15);
  const remindAt = nextReminderAt(now, 0, iv.tz, iv.settings, expireAt);
  if (markInvited(ctx.db, iv.id, { at: now, channel: sent.channel, ts: sent.ts, remindAt })) {
    if (remindAt) {
      await addJobs(ctx.queues.interviews, ctx.clock, [
        { name: 'remind', id: jobId.remind(iv.id, 1), data: { interviewId: iv.id, n: 1 }, at: remindAt },
      ]);
    }
  } else {
    // The person answered (from the Home tab) while this was being sent: keep the message findable.
    recordInvitationMessage(ctx.db, iv.id, sent.channel, sent.ts);
  }
  return sent.duplicate ? 'already-sent' : 'sent';
}

export async function processRemind(
  deps: ProcessorDeps,
  data: InterviewJobData,
  job: Job,
  token: string | undefined,
): Promise<JobOutcome> {
  const { ctx } = deps;
  const n = data.n ?? 1;
  const iv = getScheduledInterview(ctx.db, data.interviewId);
  if (!iv) return 'skipped-stale';
  if (iv.campaignStatus === 'closed') return 'skipped-closed';
  if (iv.status !== 'invited') return 'skipped-not-pending';
  // A reminder would put the answer buttons back in front of someone waiting for their interviewer.
  if (iv.talkRequested) return 'skipped-talk-requested';
  if (iv.remindersSent !== n - 1) return 'skipped-stale';
  const snoozed = iv.snoozedUntil !== null;
  if (!snoozed && n > iv.settings.maxReminders) return 'skipped-stale';
  const now = ctx.clock.now();
  const expireAt = iv.expireAt ? new Date(iv.expireAt) : new Date(8.64e15);
  if (now.getTime() >= expireAt.getTime()) return 'skipped-past-due';

  // Staff nudged this person today already: one message a day is plenty, so this one waits a working day.
  if (!snoozed && iv.nudgedOn === localDate(now, iv.tz)) {
    const later = reminderSlot(now, 1, iv.tz, iv.settings.pattern);
    if (later.getTime() < expireAt.getTime()) {
      setRemindAt(ctx.db, iv.id, later);
      await job.moveToDelayed(Date.now() + ctx.clock.delayUntil(later), token);
      throw new DelayedError();
    }
  }

  const message = reminderMessage({ ...invitationContentFor(ctx, iv), snoozed });
  const sent = await sendToPerson(deps, iv, jobId.remind(iv.id, n), message);
  const next = nextReminderAt(now, n, iv.tz, iv.settings, expireAt);
  if (recordReminder(ctx.db, iv.id, n, now, next) && next) {
    await addJobs(ctx.queues.interviews, ctx.clock, [
      { name: 'remind', id: jobId.remind(iv.id, n + 1), data: { interviewId: iv.id, n: n + 1 }, at: next },
    ]);
  }
  return sent.duplicate ? 'already-sent' : 'sent';
}

export async function processNudge(deps: ProcessorDeps, data: InterviewJobData): Promise<JobOutcome> {
  const { ctx } = deps;
  const iv = getScheduledInterview(ctx.db, data.interviewId);
  if (!iv) return 'skipped-stale';
  if (iv.campaignStatus === 'closed') return 'skipped-closed';
  if (iv.status !== 'invited') return 'skipped-not-pending';
  if (iv.talkRequested) return 'skipped-talk-requested';
  const now = ctx.clock.now();
  if (iv.expireAt && now.getTime() >= new Date(iv.expireAt).getTime()) return 'skipped-past-due';
  const message = reminderMessage({
    ...invitationContentFor(ctx, iv),
    ...(data.by ? { nudgedBy: data.by } : {}),
  });
  const sent = await sendToPerson(deps, iv, jobId.nudge(iv.id, data.day ?? localDate(now, iv.tz)), message);
  recordNudgeSent(ctx.db, iv.id, now);
  return sent.duplicate ? 'already-sent' : 'sent';
}

/**
 * Ends an unanswered interview at the end of its due date, or finishes a `close`: the status is already
 * 'expired' then, and what is left is turning the messages into their closed form.
 */
export async function processExpire(deps: ProcessorDeps, data: InterviewJobData): Promise<JobOutcome> {
  const { ctx } = deps;
  const before = getScheduledInterview(ctx.db, data.interviewId);
  if (!before) return 'skipped-stale';
  const changed = markExpired(ctx.db, before.id, ctx.clock.now());
  if (!changed && before.status !== 'expired') return 'skipped-not-pending';
  const iv = getScheduledInterview(ctx.db, before.id) ?? before;
  await updateInvitationMessages(deps.client, ctx.db, iv, 'expired');
  return 'expired';
}

export async function processInterviewJob(
  deps: ProcessorDeps,
  job: Job<InterviewJobData>,
  token: string | undefined,
): Promise<JobOutcome> {
  switch (job.name as InterviewJobName) {
    case 'invite':
      return processInvite(deps, job.data);
    case 'remind':
      return processRemind(deps, job.data, job, token);
    case 'nudge':
      return processNudge(deps, job.data);
    case 'expire':
      return processExpire(deps, job.data);
    default:
      throw new UnrecoverableError(`unknown interview job: ${job.name}`);
  }
}
