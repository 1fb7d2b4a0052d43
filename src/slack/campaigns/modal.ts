import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import { AUDIENCES, type Audience } from '../../interviews/audience.js';
import { DEFAULT_MAX_REMINDERS, DEFAULT_REMINDER_CADENCE } from '../../interviews/campaignSettings.js';
import {
  type CampaignField,
  DEFAULT_DUE_DAYS,
  MAX_PICKS_PER_FIELD,
  REMINDER_CADENCES,
  REMINDER_COUNTS,
} from '../../interviews/campaigns.js';
import type { QuestionSets } from '../../interviews/questionSets.js';
import { addDays, DEFAULT_WORKING_PATTERN } from '../../schedule/workingTime.js';
import { escapeMrkdwn, truncate } from '../blocks/text.js';

export const CAMPAIGN_CALLBACK_ID = 'campaign_new';
/** Every input's action_id: the block_id tells the fields apart. */
export const FIELD_ACTION = 'value';

/** Block ids of the form's inputs; validation errors come back keyed by these. */
export const BLOCK: Record<Exclude<CampaignField, 'participants'>, string> = {
  name: 'name',
  interviewer: 'interviewer',
  startDate: 'start_date',
  dueDate: 'due_date',
  days: 'days',
  dayStart: 'day_start',
  dayEnd: 'day_end',
  sendAt: 'send_at',
  remindEvery: 'remind_every',
  maxReminders: 'max_reminders',
};

export const pickBlock = (kind: 'users' | 'groups' | 'channels', audience: Audience) => `${kind}_${audience}`;

/** What the modal carries from the command to its submission (≤ 3,000 characters). */
export interface CampaignModalMetadata {
  /** Where `/ospo-survey new` was typed. */
  channelId: string;
  /** The command's response_url, to tell progress and the result in that channel. */
  responseUrl?: string;
  /** The creator's zone, in which "today" and the dates are read. */
  creatorTz: string;
}

export interface UserGroupOption {
  id: string;
  handle: string;
  name: string;
}

const AUDIENCE_LABEL: Record<Audience, string> = {
  executive: 'Executives',
  manager: 'Managers',
  contributor: 'Contributors',
};

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const option = (text: string, value: string): PlainTextOption => ({
  text: { type: 'plain_text', text: truncate(text, 75) },
  value,
});

export interface CampaignModalInput {
  metadata: CampaignModalMetadata;
  /** The creator's local date. */
  today: string;
  questionSets: QuestionSets;
  /** Slack allows 100 options: the first 100 groups by handle are offered. */
  userGroups: UserGroupOption[];
}

function input(
  blockId: string,
  label: string,
  element: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: label },
    element: { action_id: FIELD_ACTION, ...element },
    ...extra,
  } as KnownBlock;
}

function audienceBlocks(audience: Audience, sets: QuestionSets, groups: UserGroupOption[]): KnownBlock[] {
  const set = sets[audience];
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${AUDIENCE_LABEL[audience]}* get “${escapeMrkdwn(set.title)}” (${set.questions.length} questions).`,
      },
    },
    input(
      pickBlock('users', audience),
      'People',
      { type: 'multi_users_select', max_selected_items: MAX_PICKS_PER_FIELD },
      { optional: true },
    ),
  ];
  if (groups.length > 0) {
    blocks.push(
      input(
        pickBlock('groups', audience),
        'User groups',
        {
          type: 'multi_static_select',
          options: groups.slice(0, 100).map((g) => option(`@${g.handle} (${g.name})`, g.id)),
          max_selected_items: MAX_PICKS_PER_FIELD,
        },
        { optional: true },
      ),
    );
  }
  blocks.push(
    input(
      pickBlock('channels', audience),
      'Channel members',
      {
        type: 'multi_conversations_select',
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        max_selected_items: MAX_PICKS_PER_FIELD,
      },
      {
        optional: true,
        hint: {
          type: 'plain_text',
          text: 'Everyone in the channel is invited; the app must be in private channels.',
        },
      },
    ),
  );
  return blocks;
}

/** The campaign form. Everything staff can set, with defaults that make "pick people, submit" enough. */
export function campaignModal({ metadata, today, questionSets, userGroups }: CampaignModalInput): View {
  const p = DEFAULT_WORKING_PATTERN;
  const blocks: KnownBlock[] = [
    input(BLOCK.name, 'Campaign name', {
      type: 'plain_text_input',
      max_length: 80,
      placeholder: { type: 'plain_text', text: 'e.g. Platform teams, spring 2026' },
    }),
    { type: 'divider' },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*Who to interview.* Pick people, user groups or channels for each audience; the audience decides the questions. Bots, deactivated accounts and people picked twice are left out.',
      },
    },
    ...AUDIENCES.flatMap((a) => audienceBlocks(a, questionSets, userGroups)),
    input(
      BLOCK.interviewer,
      'Interviewer (optional)',
      { type: 'users_select' },
      {
        optional: true,
        hint: {
          type: 'plain_text',
          text: 'An OSPO staff member who takes live talks when people ask for one.',
        },
      },
    ),
    { type: 'divider' },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: "*When.* Times are each person's own: a 10:00 invitation is 10:00 where they live.",
      },
    },
    input(BLOCK.startDate, 'Start date', { type: 'datepicker', initial_date: today }),
    input(BLOCK.dueDate, 'Due date', { type: 'datepicker', initial_date: addDays(today, DEFAULT_DUE_DAYS) }),
    input(BLOCK.days, 'Working days', {
      type: 'checkboxes',
      options: WEEKDAYS.map((d, i) => option(d, String(i + 1))),
      initial_options: p.days.map((d) => option(WEEKDAYS[d - 1]!, String(d))),
    }),
    input(BLOCK.dayStart, 'Working day starts', { type: 'timepicker', initial_time: p.start }),
    input(BLOCK.dayEnd, 'Working day ends', { type: 'timepicker', initial_time: p.end }),
    input(BLOCK.sendAt, 'Invitations and reminders go out at', {
      type: 'timepicker',
      initial_time: p.sendAt,
    }),
    input(BLOCK.remindEvery, 'Remind after', {
      type: 'static_select',
      options: REMINDER_CADENCES.map((n) =>
        option(`${n} working day${n === 1 ? '' : 's'} without an answer`, String(n)),
      ),
      initial_option: option(
        `${DEFAULT_REMINDER_CADENCE} working days without an answer`,
        String(DEFAULT_REMINDER_CADENCE),
      ),
    }),
    input(BLOCK.maxReminders, 'Reminders at most', {
      type: 'static_select',
      options: REMINDER_COUNTS.map((n) => option(n === 0 ? 'No reminders' : `${n}`, String(n))),
      initial_option: option(`${DEFAULT_MAX_REMINDERS}`, String(DEFAULT_MAX_REMINDERS)),
    }),
  ];
  return {
    type: 'modal',
    callback_id: CAMPAIGN_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'New campaign' },
    submit: { type: 'plain_text', text: 'Schedule' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** Shown while participants are expanded and invitations scheduled: the submission is acknowledged at once. */
export function progressModal(text: string): View {
  return {
    type: 'modal',
    callback_id: `${CAMPAIGN_CALLBACK_ID}_progress`,
    title: { type: 'plain_text', text: 'New campaign' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

export function resultModal(lines: string[]): View {
  return {
    type: 'modal',
    callback_id: `${CAMPAIGN_CALLBACK_ID}_done`,
    title: { type: 'plain_text', text: 'New campaign' },
    close: { type: 'plain_text', text: 'Done' },
    blocks: lines.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } })),
  };
}

export function parseModalMetadata(raw: string | undefined): CampaignModalMetadata {
  try {
    const v = JSON.parse(raw ?? '') as Partial<CampaignModalMetadata>;
    return {
      channelId: typeof v.channelId === 'string' ? v.channelId : '',
      ...(typeof v.responseUrl === 'string' ? { responseUrl: v.responseUrl } : {}),
      creatorTz: typeof v.creatorTz === 'string' ? v.creatorTz : 'UTC',
    };
  } catch {
    return { channelId: '', creatorTz: 'UTC' };
  }
}
