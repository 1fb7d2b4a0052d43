import { AUDIENCES } from '../../interviews/audience.js';
import type { CampaignField, CampaignForm } from '../../interviews/campaigns.js';
import { BLOCK, FIELD_ACTION, pickBlock } from './modal.js';

type Values = Record<string, Record<string, Record<string, unknown> | undefined> | undefined>;

const SLACK_ID = /^[A-Z0-9]{2,}$/;

function field(values: Values, blockId: string): Record<string, unknown> | undefined {
  return values[blockId]?.[FIELD_ACTION] ?? undefined;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** IDs only: a forged submission cannot smuggle anything else into a Slack call or the store. */
function ids(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && SLACK_ID.test(x)) : [];
}

function optionValues(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((o) => (o && typeof o === 'object' ? (o as { value?: unknown }).value : undefined))
    .filter((x): x is string => typeof x === 'string');
}

function optionValue(v: unknown): string | null {
  return v && typeof v === 'object' ? str((v as { value?: unknown }).value) : null;
}

function int(s: string | null): number | null {
  return s !== null && /^\d{1,3}$/.test(s) ? Number(s) : null;
}

/** Reads the submitted modal (view.state.values) into the form the domain validates. */
export function readCampaignForm(values: Values): CampaignForm {
  const picks = AUDIENCES.map((audience) => ({
    audience,
    users: ids(field(values, pickBlock('users', audience))?.selected_users),
    groups: optionValues(field(values, pickBlock('groups', audience))?.selected_options).filter((g) =>
      SLACK_ID.test(g),
    ),
    channels: ids(field(values, pickBlock('channels', audience))?.selected_conversations),
  }));
  const interviewer = str(field(values, BLOCK.interviewer)?.selected_user);
  return {
    name: str(field(values, BLOCK.name)?.value) ?? '',
    picks,
    interviewerId: interviewer && SLACK_ID.test(interviewer) ? interviewer : null,
    startDate: str(field(values, BLOCK.startDate)?.selected_date),
    dueDate: str(field(values, BLOCK.dueDate)?.selected_date),
    days: optionValues(field(values, BLOCK.days)?.selected_options)
      .map((d) => int(d))
      .filter((d): d is number => d !== null),
    dayStart: str(field(values, BLOCK.dayStart)?.selected_time),
    dayEnd: str(field(values, BLOCK.dayEnd)?.selected_time),
    sendAt: str(field(values, BLOCK.sendAt)?.selected_time),
    remindEvery: int(optionValue(field(values, BLOCK.remindEvery)?.selected_option)),
    maxReminders: int(optionValue(field(values, BLOCK.maxReminders)?.selected_option)),
  };
}

/**
 * Field errors keyed by the block that shows them. "Pick someone" goes on the first people picker: Slack shows an
 * error only under an input block, and that one is at the top of the list.
 */
export function errorsByBlock(errors: Partial<Record<CampaignField, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [f, message] of Object.entries(errors) as [CampaignField, string][]) {
    const blockId = f === 'participants' ? pickBlock('users', AUDIENCES[0]) : BLOCK[f];
    out[blockId] = message;
  }
  return out;
}
