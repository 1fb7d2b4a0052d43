import type { AppContext } from '../../context.js';
import { findInterview, type InterviewRecord, listButtonMessages } from '../../store/interviewResponses.js';
import { findMessage } from '../../store/messages.js';
import { publishHome } from './home.js';
import {
  type ClosedStatus,
  cancelPendingJobs,
  closedInvitationBlocks,
  closedInvitationText,
} from './lifecycle.js';
import { talkMessage } from './talkMessage.js';

/** Runs one follow-up step; a failure is logged and does not stop the others (a retry of the request redoes them). */
async function step(
  ctx: AppContext,
  what: string,
  interviewId: number,
  run: () => Promise<unknown>,
): Promise<void> {
  try {
    await run();
  } catch (err) {
    ctx.logger.warn({ err, interviewId }, `after an interview change: ${what} failed`);
  }
}

/**
 * Replaces the buttons of every message about this interview (the invitation, its reminders, and the message that
 * was clicked) with what happened, so no dead button is left behind.
 */
export async function closeInvitationMessages(
  ctx: AppContext,
  interview: InterviewRecord,
  status: ClosedStatus,
  clicked?: { channel: string; ts: string },
): Promise<void> {
  const targets = listButtonMessages(ctx.db, interview);
  if (clicked && !targets.some((t) => t.channel === clicked.channel && t.ts === clicked.ts))
    targets.push(clicked);
  const blocks = closedInvitationBlocks(interview, status);
  const text = closedInvitationText(interview, status);
  for (const t of targets) {
    await step(ctx, 'updating a message', interview.id, () =>
      ctx.slack.chat.update({ channel: t.channel, ts: t.ts, text, blocks }),
    );
  }
}

/** Enqueues tagging of a stored version; the job id makes a second enqueue of the same version a no-op. */
export async function queueTagging(ctx: AppContext, interviewId: number, version: number): Promise<void> {
  await ctx.queues.tagging.add(
    'tag-interview',
    { interviewId, version },
    { jobId: `tag-${interviewId}-v${version}` },
  );
}

/**
 * Everything that follows a stored submission, after the modal was acknowledged. Each part is idempotent, so a
 * retried submission runs them again to finish whatever failed the first time.
 */
export async function afterAnswered(
  ctx: AppContext,
  interviewId: number,
  opts: { recordedBy: string | null; clicked?: { channel: string; ts: string } } = { recordedBy: null },
): Promise<void> {
  const interview = findInterview(ctx.db, interviewId);
  if (interview?.status !== 'answered') return;
  await step(ctx, 'queueing tagging', interviewId, () => queueTagging(ctx, interviewId, interview.version));
  await step(ctx, 'cancelling reminders', interviewId, () => cancelPendingJobs(ctx, interviewId));
  await closeInvitationMessages(ctx, interview, 'answered', opts.clicked);
  if (interview.talkRequested) {
    const sent = findMessage(ctx.db, `talk-${interviewId}`);
    if (sent?.channel && sent.ts) {
      const message = talkMessage(interview);
      await step(ctx, 'updating the talk request', interviewId, () =>
        ctx.slack.chat.update({ channel: sent.channel!, ts: sent.ts!, ...message }),
      );
    }
  }
  await step(ctx, 'publishing Home', interviewId, () => publishHome(ctx, interview.userId));
  if (opts.recordedBy)
    await step(ctx, 'publishing Home', interviewId, () => publishHome(ctx, opts.recordedBy!));
}

/** What follows a decline: jobs cancelled, the invitation says so, Home shows it. */
export async function afterDeclined(
  ctx: AppContext,
  interview: InterviewRecord,
  clicked?: { channel: string; ts: string },
): Promise<void> {
  await step(ctx, 'cancelling jobs', interview.id, () => cancelPendingJobs(ctx, interview.id));
  await closeInvitationMessages(ctx, interview, 'declined', clicked);
  await step(ctx, 'publishing Home', interview.id, () => publishHome(ctx, interview.userId));
}
