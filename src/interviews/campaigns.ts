import { minutesOf } from '../schedule/workingTime.js';
import type { CampaignSettings } from './campaignSettings.js';
import type { AudiencePicks } from './participants.js';

/** The campaign form as submitted, every field possibly empty or odd: nothing here is trusted yet. */
export interface CampaignForm {
  name: string;
  picks: AudiencePicks[];
  interviewerId: string | null;
  startDate: string | null;
  dueDate: string | null;
  days: number[];
  dayStart: string | null;
  dayEnd: string | null;
  sendAt: string | null;
  remindEvery: number | null;
  maxReminders: number | null;
}

export type CampaignField =
  | 'name'
  | 'participants'
  | 'interviewer'
  | 'startDate'
  | 'dueDate'
  | 'days'
  | 'dayStart'
  | 'dayEnd'
  | 'sendAt'
  | 'remindEvery'
  | 'maxReminders';

/** A campaign ready to be created: names trimmed, dates checked, settings complete. */
export interface CampaignDraft {
  name: string;
  picks: AudiencePicks[];
  interviewerId: string | null;
  startDate: string;
  dueDate: string;
  settings: CampaignSettings;
}

export interface ValidationFacts {
  /** The creator's local date. */
  today: string;
  creatorTz: string;
  channelId?: string;
  /** An open campaign already has this name. */
  nameTaken: boolean;
  /** The chosen interviewer is OSPO staff (true when none is chosen). */
  interviewerIsStaff: boolean;
}

export type ValidationResult =
  | { ok: true; draft: CampaignDraft }
  | { ok: false; errors: Partial<Record<CampaignField, string>> };

export const DEFAULT_DUE_DAYS = 14;
/** A campaign longer than this is a mistake in the year field more often than a plan. */
export const MAX_CAMPAIGN_DAYS = 366;
export const MAX_PICKS_PER_FIELD = 50;
export const REMINDER_CADENCES = [1, 2, 3, 5, 7, 10] as const;
export const REMINDER_COUNTS = [0, 1, 2, 3] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function isDate(s: string | null): s is string {
  if (!s || !DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Checks the form as a careful colleague would, and says what to fix next to the field that needs it. Dates are
 * the creator's calendar dates: "start today" is allowed, "start yesterday" is not.
 */
export function validateCampaignForm(form: CampaignForm, facts: ValidationFacts): ValidationResult {
  const errors: Partial<Record<CampaignField, string>> = {};
  const name = form.name.trim().replace(/\s+/g, ' ');
  if (!name) errors.name = 'Give the campaign a name, so you can find it in status and the digest.';
  else if (name.length > 80) errors.name = 'Keep the name to 80 characters.';
  else if (facts.nameTaken)
    errors.name = 'An open campaign already has this name. Pick another, or close that one first.';

  const picked = form.picks.reduce((n, p) => n + p.users.length + p.groups.length + p.channels.length, 0);
  if (picked === 0) errors.participants = 'Pick at least one person, user group or channel.';

  if (form.interviewerId && !facts.interviewerIsStaff) {
    errors.interviewer = 'The interviewer must be on the OSPO team (people ask them for live talks).';
  }

  if (!isDate(form.startDate)) errors.startDate = 'Pick a start date.';
  else if (form.startDate < facts.today)
    errors.startDate = `The start date is in the past (today is ${facts.today} for you).`;
  if (!isDate(form.dueDate)) errors.dueDate = 'Pick a due date.';
  else if (isDate(form.startDate) && form.dueDate <= form.startDate) {
    errors.dueDate = 'The due date must come after the start date.';
  } else if (isDate(form.startDate) && daysBetween(form.startDate, form.dueDate) > MAX_CAMPAIGN_DAYS) {
    errors.dueDate = 'A campaign can run for a year at most.';
  }

  const days = [...new Set(form.days)]
    .filter((d) => Number.isInteger(d) && d >= 1 && d <= 7)
    .sort((a, b) => a - b);
  if (days.length === 0) errors.days = 'Pick at least one working day.';

  const times = { dayStart: form.dayStart, dayEnd: form.dayEnd, sendAt: form.sendAt };
  for (const [field, value] of Object.entries(times) as [keyof typeof times, string | null][]) {
    if (!value || !TIME.test(value)) errors[field] = 'Pick a time.';
  }
  if (!errors.dayStart && !errors.dayEnd && minutesOf(form.dayEnd!) <= minutesOf(form.dayStart!)) {
    errors.dayEnd = 'The working day must end after it starts.';
  }
  if (!errors.dayStart && !errors.dayEnd && !errors.sendAt) {
    const at = minutesOf(form.sendAt!);
    if (at < minutesOf(form.dayStart!) || at >= minutesOf(form.dayEnd!)) {
      errors.sendAt = `Pick a time within working hours (${form.dayStart}–${form.dayEnd}).`;
    }
  }

  const remindEvery = form.remindEvery ?? NaN;
  if (!(REMINDER_CADENCES as readonly number[]).includes(remindEvery))
    errors.remindEvery = 'Pick how often to remind.';
  const maxReminders = form.maxReminders ?? NaN;
  if (!(REMINDER_COUNTS as readonly number[]).includes(maxReminders))
    errors.maxReminders = 'Pick how many reminders.';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    draft: {
      name,
      picks: form.picks,
      interviewerId: form.interviewerId,
      startDate: form.startDate!,
      dueDate: form.dueDate!,
      settings: {
        pattern: { days, start: form.dayStart!, end: form.dayEnd!, sendAt: form.sendAt! },
        remindEveryWorkingDays: remindEvery,
        maxReminders,
        creatorTz: facts.creatorTz,
        ...(facts.channelId ? { channelId: facts.channelId } : {}),
      },
    },
  };
}
