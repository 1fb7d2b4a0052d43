import type { KnownBlock } from '@slack/types';
import { isAudience } from '../../interviews/audience.js';
import type { QuestionSets } from '../../interviews/questionSets.js';
import type { AnswerRecord } from '../../store/answers.js';
import type { InterviewRecord } from '../../store/interviewResponses.js';
import { escapeMrkdwn, truncate } from '../blocks/text.js';
import { answerText } from './homeView.js';
import { ACTIONS } from './ids.js';
import { slackDate } from './talkMessage.js';

/** Slack: a message holds at most 50 blocks. */
const MESSAGE_MAX_BLOCKS = 50;
const ANSWER_CHARS = 2500;

function statusLine(i: InterviewRecord): string {
  const open = i.campaignStatus === 'open';
  switch (i.status) {
    case 'answered':
      return `:white_check_mark: answered ${slackDate(i.answeredAt)}${i.recordedBy ? ` (recorded by <@${i.recordedBy}>)` : ''}`;
    case 'declined':
      return 'declined';
    case 'expired':
      return 'closed before an answer';
    case 'scheduled':
      return open ? 'your invitation is on its way' : 'closed';
    default:
      return open
        ? `waiting for your answers, due ${escapeMrkdwn(i.campaignDueDate)}${i.talkRequested ? ' (you asked to talk)' : ''}`
        : 'closed before an answer';
  }
}

/**
 * `/ospo-survey mine`: every interview of the caller, newest first, with a button where there is something to do
 * and the answers they gave, escaped. Stops before Slack's 50 blocks and says so.
 */
export function mineBlocks(
  interviews: readonly InterviewRecord[],
  answers: ReadonlyMap<number, readonly AnswerRecord[]>,
  sets: QuestionSets,
): KnownBlock[] {
  if (interviews.length === 0) {
    return [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'You have no OSPO interviews yet. When the OSPO invites you, the invitation comes as a message from me.',
        },
      },
    ];
  }
  const blocks: KnownBlock[] = [];
  let cut = false;
  for (const i of interviews) {
    const group: KnownBlock[] = [];
    const open = i.campaignStatus === 'open';
    const action =
      open && (i.status === 'invited' || i.status === 'scheduled')
        ? 'Start'
        : open && i.status === 'answered'
          ? 'Edit answers'
          : undefined;
    group.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${escapeMrkdwn(truncate(i.campaignName, 150))}* · ${statusLine(i)}` },
      ...(action
        ? {
            accessory: {
              type: 'button',
              action_id: ACTIONS.start,
              text: { type: 'plain_text', text: action },
              value: String(i.id),
            },
          }
        : {}),
    });
    const set = isAudience(i.audience) ? sets[i.audience] : undefined;
    for (const a of answers.get(i.id) ?? []) {
      group.push({ type: 'section', text: { type: 'mrkdwn', text: answerText(set, a, ANSWER_CHARS) } });
    }
    if (blocks.length + group.length > MESSAGE_MAX_BLOCKS - 1) {
      cut = true;
      break;
    }
    blocks.push(...group);
  }
  if (cut) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Older interviews did not fit here; the Home tab lists them all.' }],
    });
  }
  return blocks;
}
