import { z } from 'zod';
import { DEFAULT_WORKING_PATTERN, type WorkingPattern } from '../schedule/workingTime.js';

/**
 * What a campaign needs, beyond its dates, to re-run its schedule: stored as campaigns.settings_json so that a
 * restart (or a reconcile after Redis lost its data) plans exactly what the first run planned.
 */
export interface CampaignSettings {
  /** Working days, hours and the local time of sends, applied in each interviewee's own zone. */
  pattern: WorkingPattern;
  /** Working days between the invitation (or the previous reminder) and the next reminder. Default 3. */
  remindEveryWorkingDays: number;
  /** Automatic reminders per person. Default 2. */
  maxReminders: number;
  /** The creator's zone: the start and due dates in the form were read in it. */
  creatorTz: string;
  /** Where the creator ran the command, so results can be told there. */
  channelId?: string;
}

export const DEFAULT_REMINDER_CADENCE = 3;
export const DEFAULT_MAX_REMINDERS = 2;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

const settingsSchema = z.object({
  pattern: z
    .object({
      days: z.array(z.number().int().min(1).max(7)).min(1),
      start: time,
      end: time,
      sendAt: time,
    })
    .default(DEFAULT_WORKING_PATTERN),
  remindEveryWorkingDays: z.number().int().min(1).max(30).default(DEFAULT_REMINDER_CADENCE),
  maxReminders: z.number().int().min(0).max(5).default(DEFAULT_MAX_REMINDERS),
  creatorTz: z.string().default('UTC'),
  channelId: z.string().optional(),
});

export function defaultCampaignSettings(creatorTz = 'UTC'): CampaignSettings {
  return {
    pattern: { ...DEFAULT_WORKING_PATTERN, days: [...DEFAULT_WORKING_PATTERN.days] },
    remindEveryWorkingDays: DEFAULT_REMINDER_CADENCE,
    maxReminders: DEFAULT_MAX_REMINDERS,
    creatorTz,
  };
}

/** Reads stored settings; a missing or damaged field takes its default so an old campaign still runs. */
export function parseCampaignSettings(json: string): CampaignSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json);
  } catch {
    raw = {};
  }
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data as CampaignSettings;
  return defaultCampaignSettings();
}
