import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/**
 * When a person may be contacted, in their own time zone. Times are local wall-clock 'HH:MM' (24-hour); a date is
 * 'YYYY-MM-DD' as the person's calendar shows it. Everything here is pure: "now" is always an argument.
 */
export interface WorkingPattern {
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. Default Monday–Friday. */
  days: number[];
  /** Local start of the working day. Default '09:00'. */
  start: string;
  /** Local end of the working day (exclusive). Default '17:00'. */
  end: string;
  /** Local time invitations and reminders go out, within [start, end). Default '10:00'. */
  sendAt: string;
}

export const DEFAULT_WORKING_PATTERN: WorkingPattern = {
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
  sendAt: '10:00',
};

/** How far ahead a working day is searched for; a pattern always has one working day a week. */
const SEARCH_DAYS = 14;

export function isValidTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Slack sometimes has no zone (or an odd one) for a person: fall back to UTC rather than fail their invitation. */
export function safeTimeZone(tz: string | null | undefined): string {
  return tz && isValidTimeZone(tz) ? tz : 'UTC';
}

/** 'HH:MM' → minutes after midnight. */
export function minutesOf(time: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) throw new Error(`not a HH:MM time: ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The calendar date the person sees at `instant`. */
export function localDate(instant: Date, tz: string): string {
  return format(new TZDate(instant.getTime(), tz), 'yyyy-MM-dd');
}

/** The instant at which the person's clock shows `time` on `date` (a time skipped by DST moves forward). */
export function atLocal(date: string, time: string, tz: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const minutes = minutesOf(time);
  return new Date(new TZDate(y, mo - 1, d, Math.floor(minutes / 60), minutes % 60, tz).getTime());
}

/** Calendar arithmetic on 'YYYY-MM-DD' (no time zone involved: a date is a date). */
export function addDays(date: string, n: number): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + n)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function isWorkingDay(date: string, pattern: WorkingPattern): boolean {
  return pattern.days.includes(isoWeekday(date));
}

/** The first working day on or after `date`. */
export function workingDayOnOrAfter(date: string, pattern: WorkingPattern): string {
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const d = addDays(date, i);
    if (isWorkingDay(d, pattern)) return d;
  }
  throw new Error('the working pattern has no working day');
}

/** The date `n` working days after `date` (n ≥ 1); `date` itself need not be a working day. */
export function addWorkingDays(date: string, n: number, pattern: WorkingPattern): string {
  let d = date;
  for (let left = n; left > 0; left--) d = workingDayOnOrAfter(addDays(d, 1), pattern);
  return d;
}

/**
 * When an invitation goes out: `sendAt` on the first working day on or after `startDate`, in the person's zone.
 * If that moment has passed but the working day has not ended, now (someone added on a start day at 14:00 hears
 * from us today, not tomorrow); after hours, the next working day's `sendAt`.
 */
export function firstInvitationSlot(startDate: string, tz: string, pattern: WorkingPattern, now: Date): Date {
  let day = workingDayOnOrAfter(startDate, pattern);
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const slot = atLocal(day, pattern.sendAt, tz);
    if (slot.getTime() >= now.getTime()) return slot;
    if (now.getTime() < atLocal(day, pattern.end, tz).getTime()) return now;
    day = workingDayOnOrAfter(addDays(day, 1), pattern);
  }
  throw new Error('no invitation slot found');
}

/** `sendAt` on the working day `n` working days after the person's local date of `after`. */
export function reminderSlot(after: Date, n: number, tz: string, pattern: WorkingPattern): Date {
  return atLocal(addWorkingDays(localDate(after, tz), n, pattern), pattern.sendAt, tz);
}

/**
 * The next working morning after today, in the person's zone: what "Later" means. `sendAt` rather than the first
 * minute of the day, so the nudge does not land under the morning's pile of mail.
 */
export function nextWorkingMorning(now: Date, tz: string, pattern: WorkingPattern): Date {
  return atLocal(workingDayOnOrAfter(addDays(localDate(now, tz), 1), pattern), pattern.sendAt, tz);
}

/** The end of the due date in the person's zone: the first instant of the following day. */
export function endOfDay(date: string, tz: string): Date {
  return atLocal(addDays(date, 1), '00:00', tz);
}

/** A person's local date and time, for messages: e.g. 'Friday 12 December'. */
export function formatLocalDate(date: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return format(new TZDate(y, mo - 1, d, 'UTC'), 'EEEE d MMMM');
}
