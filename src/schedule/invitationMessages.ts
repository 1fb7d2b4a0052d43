import type { WebClient } from '@slack/web-api';
import type { AppContext } from '../context.js';
import {
  type ClosedStatus,
  closedInvitationBlocks,
  closedInvitationText,
  type InvitationContent,
} from '../slack/blocks/invitation.js';
import type { Db } from '../store/db.js';
import { listInterviewMessages, type ScheduledInterview } from '../store/interviews.js';

const FALLBACK_INTRO =
  'The OSPO is talking with people across the organisation about how open source fits their work. Your view helps us decide what to support next.';

/** The invitation's content for one interview: the question set of their audience says who asks and why. */
export function invitationContentFor(ctx: AppContext, iv: ScheduledInterview): InvitationContent {
  const set = ctx.questionSets[iv.audience];
  return {
    interviewId: iv.id,
    campaignName: iv.campaignName,
    askedBy: iv.campaignCreatedBy,
    interviewerId: iv.interviewerId,
    intro: set?.intro ?? FALLBACK_INTRO,
    questionCount: set?.questions.length ?? 0,
    dueDate: iv.dueDate,
    tz: iv.tz,
  };
}

/**
 * Turns the invitation and every reminder about an interview into their closed form (no buttons left to press).
 * Updating twice is harmless, so a retried job simply does it again.
 */
export async function updateInvitationMessages(
  client: WebClient,
  db: Db,
  interview: { id: number; campaignName: string; dmChannel: string | null; dmTs: string | null },
  status: ClosedStatus,
): Promise<number> {
  const targets = new Map<string, string>();
  if (interview.dmChannel && interview.dmTs) targets.set(interview.dmTs, interview.dmChannel);
  for (const m of listInterviewMessages(db, interview.id)) targets.set(m.ts, m.channel);
  const text = closedInvitationText(interview, status);
  const blocks = closedInvitationBlocks(interview, status);
  for (const [ts, channel] of targets) {
    try {
      await client.chat.update({ channel, ts, text, blocks });
    } catch (err) {
      // A message the person deleted cannot be updated, and need not be.
      const code = (err as { data?: { error?: string } }).data?.error;
      if (code !== 'message_not_found' && code !== 'cant_update_message') throw err;
    }
  }
  return targets.size;
}
