import type { AppContext } from '../../context.js';
import type { InterviewRecord } from '../../store/interviewResponses.js';
import { postOnce } from '../sendOnce.js';
import { closeInvitationMessages } from './afterChange.js';
import { publishHome } from './home.js';
import { talkMessage } from './talkMessage.js';

/**
 * "I'd rather talk": the interviewer (or, when the campaign named none, the OSPO channel) gets one message with a
 * button to record the notes; the person's invitation says who will be in touch. Safe to run again: the message
 * goes out once per interview, and the updates and Home publishes are idempotent.
 */
export async function afterTalkRequested(
  ctx: AppContext,
  interview: InterviewRecord,
  clicked?: { channel: string; ts: string },
): Promise<void> {
  const channel = interview.interviewerId ?? ctx.config.ospo.channelId;
  try {
    await postOnce({ db: ctx.db, client: ctx.slack }, `talk-${interview.id}`, {
      channel,
      ...talkMessage(interview),
    });
  } catch (err) {
    ctx.logger.error(
      { err, interviewId: interview.id },
      'could not tell the interviewer about a talk request',
    );
  }
  await closeInvitationMessages(ctx, interview, 'talk_requested', clicked);
  const people = [interview.userId, ...(interview.interviewerId ? [interview.interviewerId] : [])];
  for (const person of people) {
    await publishHome(ctx, person).catch((err: unknown) =>
      ctx.logger.warn({ err }, 'could not publish Home'),
    );
  }
}
