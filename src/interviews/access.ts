import { escapeMrkdwn, truncate } from '../slack/blocks/text.js';
import type { InterviewRecord } from '../store/interviewResponses.js';

/** What someone is trying to do with an interview. */
export type InterviewAction = 'answer' | 'record' | 'later' | 'decline' | 'talk';

export type Access =
  | { ok: true; mode: 'self' | 'record' }
  | { ok: false; reason: 'unknown' | 'not-yours' | 'closed' | 'done' | 'not-requested'; message: string };

/** The refusal is shown as mrkdwn (ephemeral text, modal section): the staff-typed name must not act as markup. */
function quoted(name: string): string {
  return `“${escapeMrkdwn(truncate(name, 150))}”`;
}

function doneMessage(i: InterviewRecord, action: InterviewAction): string {
  switch (i.status) {
    case 'answered':
      return action === 'record'
        ? 'These answers are already saved. Thank you!'
        : 'You have already answered, thank you! You can change your answers from the Home tab until the campaign closes.';
    case 'declined':
      return 'You declined this interview, so there is nothing more to do. Thank you for letting us know.';
    case 'expired':
      return 'This interview closed on its due date, so answers can no longer be given.';
    case 'removed':
      return 'You are no longer part of this campaign, so there is nothing to do here.';
    default:
      return 'This interview has not started yet; you will get a message when it does.';
  }
}

/**
 * Decides whether `userId` may do `action` on `interview`. Pure: the Slack layer turns a refusal into an ephemeral
 * message or a modal error, and nothing is changed.
 *
 * Recording (answering on someone's behalf after a live talk) is for the assigned interviewer, or for OSPO staff
 * when the campaign gave no interviewer, and only once the person asked to talk.
 */
export function checkAccess(
  interview: InterviewRecord | undefined,
  userId: string,
  action: InterviewAction,
  opts: { isStaff: boolean },
): Access {
  if (!interview || interview.status === 'removed') {
    return {
      ok: false,
      reason: 'unknown',
      message: 'I could not find that interview. It may have been removed; nothing was changed.',
    };
  }
  const mode: 'self' | 'record' = action === 'record' ? 'record' : 'self';
  if (mode === 'self' && interview.userId !== userId) {
    return {
      ok: false,
      reason: 'not-yours',
      message: 'This interview belongs to someone else, so I left it as it is.',
    };
  }
  if (mode === 'record') {
    const allowed = interview.interviewerId ? interview.interviewerId === userId : opts.isStaff;
    if (!allowed || interview.userId === userId) {
      return {
        ok: false,
        reason: 'not-yours',
        message: !interview.talkRequested
          ? 'This interview belongs to someone else, so I left it as it is.'
          : interview.interviewerId
            ? `Only <@${interview.interviewerId}>, the interviewer, can record notes for this interview. Nothing was changed.`
            : 'Only the OSPO team can record notes for this interview. Nothing was changed.',
      };
    }
    if (!interview.talkRequested) {
      return {
        ok: false,
        reason: 'not-requested',
        message:
          'This person has not asked for a live talk, so their answers are theirs to give. Nothing was changed.',
      };
    }
  }
  if (interview.campaignStatus !== 'open') {
    return {
      ok: false,
      reason: 'closed',
      message: `The campaign ${quoted(interview.campaignName)} has closed, so answers can no longer be given or changed. Thank you all the same!`,
    };
  }
  const allowedStatuses =
    action === 'answer' || action === 'record'
      ? ['scheduled', 'invited', 'answered']
      : action === 'later'
        ? ['invited']
        : ['scheduled', 'invited'];
  if (!allowedStatuses.includes(interview.status)) {
    return { ok: false, reason: 'done', message: doneMessage(interview, action) };
  }
  return { ok: true, mode };
}
