import type { KnownBlock } from '@slack/types';
import type { InterviewRecord } from '../../store/interviewResponses.js';
import { escapeMrkdwn, truncate } from '../blocks/text.js';
import { ACTIONS } from './ids.js';

/** A date Slack shows in each reader's own time zone, with a plain fallback for notifications. */
export function slackDate(iso: string | null): string {
  if (!iso) return 'recently';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return 'recently';
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty}|${iso.slice(0, 10)}>`;
}

/**
 * The message that tells the interviewer (or the OSPO channel) that someone would rather talk, with the button to
 * record the notes. Once notes are recorded it says so, and the button stays to correct them.
 */
export function talkMessage(interview: InterviewRecord): { text: string; blocks: KnownBlock[] } {
  const campaign = escapeMrkdwn(truncate(interview.campaignName, 150));
  const recorded = interview.status === 'answered';
  const who = interview.interviewerId ? 'you' : 'someone from the OSPO';
  const text = recorded
    ? `:white_check_mark: Notes from the talk with <@${interview.userId}> for *${campaign}* were recorded${
        interview.recordedBy ? ` by <@${interview.recordedBy}>` : ''
      } (${slackDate(interview.answeredAt)}).`
    : `:speech_balloon: <@${interview.userId}> would rather talk than fill in the form for *${campaign}*. ` +
      `Could ${who} find a time with them? Afterwards, record their answers here: the same questions, filled in on their behalf.`;
  return {
    text: recorded
      ? `Notes recorded for ${truncate(interview.campaignName, 150)}`
      : `A live talk was requested for ${truncate(interview.campaignName, 150)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: 'talk_actions',
        elements: [
          {
            type: 'button',
            action_id: ACTIONS.recordTalk,
            text: { type: 'plain_text', text: recorded ? 'Edit the notes' : 'Record notes' },
            ...(recorded ? {} : { style: 'primary' as const }),
            value: String(interview.id),
          },
        ],
      },
    ],
  };
}
