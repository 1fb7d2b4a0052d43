import type { CampaignSettings } from '../interviews/campaignSettings.js';
import { atLocal, endOfDay, firstInvitationSlot, reminderSlot } from './workingTime.js';

/** When one person's invitation goes out and when it expires, both in UTC. */
export interface InterviewTiming {
  inviteAt: Date;
  expireAt: Date;
}

export interface PlanInput {
  startDate: string;
  dueDate: string;
  /** The interviewee's zone. */
  tz: string;
  settings: CampaignSettings;
  now: Date;
}

/**
 * Plans an interview in the interviewee's own zone. When no working slot fits before the end of the due date
 * (a weekend-only window, or a start late on the due date), the invitation goes at `sendAt` on the start date, or
 * at once if that has passed: a late invitation beats none. Null when the due date has already ended for them.
 */
export function planInterview({ startDate, dueDate, tz, settings, now }: PlanInput): InterviewTiming | null {
  const expireAt = endOfDay(dueDate, tz);
  if (now.getTime() >= expireAt.getTime()) return null;
  const slot = firstInvitationSlot(startDate, tz, settings.pattern, now);
  if (slot.getTime() < expireAt.getTime()) return { inviteAt: slot, expireAt };
  const startSend = atLocal(startDate, settings.pattern.sendAt, tz);
  const fallback =
    startSend.getTime() > now.getTime() && startSend.getTime() < expireAt.getTime() ? startSend : now;
  return { inviteAt: fallback, expireAt };
}

/**
 * When the next automatic reminder goes: `remindEveryWorkingDays` working days after the last contact, at `sendAt`
 * in the person's zone. Null when `sent` reminders used up the campaign's allowance or the slot falls after expiry.
 */
export function nextReminderAt(
  lastContact: Date,
  sent: number,
  tz: string,
  settings: CampaignSettings,
  expireAt: Date,
): Date | null {
  if (sent >= settings.maxReminders) return null;
  const at = reminderSlot(lastContact, settings.remindEveryWorkingDays, tz, settings.pattern);
  return at.getTime() < expireAt.getTime() ? at : null;
}
