import type { KnownBlock } from '@slack/types';
import { formatLocalDate } from '../../schedule/workingTime.js';
import { escapeMrkdwn, truncate } from './text.js';

/** The buttons' action_ids; the interview flow registers its handlers on these. Each button's value is the interview id. */
export const INVITATION_ACTIONS = {
  start: 'interview_start',
  later: 'interview_later',
  talk: 'interview_talk',
  decline: 'interview_decline',
} as const;

export const INVITATION_ACTIONS_BLOCK = 'invitation_actions';

export interface InvitationContent {
  interviewId: number;
  campaignName: string;
  /** The staff member who started the campaign: people answer a person, not a bot. */
  askedBy: string;
  interviewerId: string | null;
  /** The question set's intro: who is asking and why (trusted text from prompts/, may hold mrkdwn). */
  intro: string;
  questionCount: number;
  /** 'YYYY-MM-DD', read in the interviewee's zone. */
  dueDate: string;
  tz: string;
}

export interface MessageContent {
  /** Notification and screen-reader text. */
  text: string;
  blocks: KnownBlock[];
}

function dueLine(c: InvitationContent): string {
  return `Please answer by *${formatLocalDate(c.dueDate)}* (end of the day, your time: ${escapeMrkdwn(c.tz)}).`;
}

function actions(interviewId: number): KnownBlock {
  const value = String(interviewId);
  return {
    type: 'actions',
    block_id: INVITATION_ACTIONS_BLOCK,
    elements: [
      {
        type: 'button',
        action_id: INVITATION_ACTIONS.start,
        text: { type: 'plain_text', text: 'Start' },
        style: 'primary',
        value,
      },
      {
        type: 'button',
        action_id: INVITATION_ACTIONS.later,
        text: { type: 'plain_text', text: 'Later' },
        value,
      },
      {
        type: 'button',
        action_id: INVITATION_ACTIONS.talk,
        text: { type: 'plain_text', text: 'I would rather talk' },
        value,
      },
      {
        type: 'button',
        action_id: INVITATION_ACTIONS.decline,
        text: { type: 'plain_text', text: 'No, thanks' },
        value,
        confirm: {
          title: { type: 'plain_text', text: 'Decline the interview?' },
          text: { type: 'plain_text', text: 'We will not ask you again in this round.' },
          confirm: { type: 'plain_text', text: 'Decline' },
          deny: { type: 'plain_text', text: 'Keep it' },
        },
      },
    ],
  };
}

function aboutLine(c: InvitationContent): string {
  const parts = [
    `${c.questionCount} question${c.questionCount === 1 ? '' : 's'}, about ${Math.max(5, c.questionCount * 2)} minutes`,
  ];
  if (c.interviewerId) parts.push(`your interviewer is <@${c.interviewerId}>`);
  return parts.join(' · ');
}

/** The invitation DM: who asks and why, what it takes, by when (in the person's own zone), and the four choices. */
export function invitationBlocks(c: InvitationContent): KnownBlock[] {
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Hi! <@${c.askedBy}> from the OSPO invites you to a short interview: *${escapeMrkdwn(truncate(c.campaignName, 150))}*.`,
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(c.intro, 2900) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${aboutLine(c)}\n${dueLine(c)}` }] },
    actions(c.interviewId),
  ];
}

export function invitationMessage(c: InvitationContent): MessageContent {
  return {
    text: `The OSPO invites you to an interview: ${truncate(c.campaignName, 150)}. Please answer by ${formatLocalDate(c.dueDate)}.`,
    blocks: invitationBlocks(c),
  };
}

export interface ReminderContent extends InvitationContent {
  /** Set for a nudge staff sent with `remind`; unset for the automatic reminders and "Later". */
  nudgedBy?: string;
  /** True when the person asked for this one with "Later". */
  snoozed?: boolean;
}

/** A reminder carries the same buttons, so the person can act without scrolling back to the invitation. */
export function reminderBlocks(c: ReminderContent): KnownBlock[] {
  const opening = c.snoozed
    ? 'Here is the reminder you asked for.'
    : c.nudgedBy
      ? `<@${c.nudgedBy}> from the OSPO would still love to hear from you.`
      : 'A friendly reminder: we would still love to hear from you.';
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${opening} The interview *${escapeMrkdwn(truncate(c.campaignName, 150))}* is waiting for your answers.`,
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${aboutLine(c)}\n${dueLine(c)}` }] },
    actions(c.interviewId),
  ];
}

export function reminderMessage(c: ReminderContent): MessageContent {
  return {
    text: `Reminder: ${truncate(c.campaignName, 150)} is waiting for your answers (due ${formatLocalDate(c.dueDate)}).`,
    blocks: reminderBlocks(c),
  };
}

export type ClosedStatus = 'answered' | 'declined' | 'expired' | 'removed' | 'talk_requested';

const CLOSED_TEXT: Record<ClosedStatus, (name: string) => string> = {
  answered: (n) =>
    `:white_check_mark: Thank you! Your answers to *${n}* are in. You can review them from the app's Home tab.`,
  declined: (n) => `You declined *${n}*. Thanks for letting us know; we will not ask again in this round.`,
  expired: (n) => `*${n}* has closed, so this invitation has expired. Thanks all the same.`,
  removed: (n) => `You are no longer part of *${n}*. Nothing more is needed from you.`,
  talk_requested: (n) =>
    `You asked to talk about *${n}* instead. Your interviewer will be in touch to find a time.`,
};

/** What the invitation (and its reminders) turn into once the person answered or the interview ended: no buttons. */
export function closedInvitationBlocks(
  interview: { campaignName: string },
  status: ClosedStatus,
): KnownBlock[] {
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: CLOSED_TEXT[status](escapeMrkdwn(truncate(interview.campaignName, 150))),
      },
    },
  ];
}

export function closedInvitationText(interview: { campaignName: string }, status: ClosedStatus): string {
  return CLOSED_TEXT[status](truncate(interview.campaignName, 150)).replace(/[*]/g, '');
}
