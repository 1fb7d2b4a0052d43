import { TZDate } from '@date-fns/tz';
import { addDays, format, getISOWeek, getISOWeekYear, subDays } from 'date-fns';

/** When the weekly digest is due: a weekday (0 Sunday … 6 Saturday) and a local time in a time zone. */
export interface DigestSchedule {
  weekday: number;
  /** 'HH:MM', 24-hour. */
  time: string;
  timezone: string;
}

/**
 * A job that fires this long before an occurrence (timer jitter, a sped-up clock rounding) still counts for that
 * occurrence; occurrences are a week apart, so an hour cannot confuse two of them.
 */
export const OCCURRENCE_TOLERANCE_MS = 60 * 60_000;

/** A digest posted later than this after its occurrence says so ("posted late"). */
export const LATE_AFTER_MS = 30 * 60_000;

function parseTime(time: string): { hours: number; minutes: number } {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`digest time must be HH:MM, got "${time}"`);
  return { hours: Number(match[1]), minutes: Number(match[2]) };
}

/** The latest occurrence at or before `now` (wall-clock time in the schedule's zone, so DST moves with it). */
export function lastOccurrence(now: Date, schedule: DigestSchedule): Date {
  const { hours, minutes } = parseTime(schedule.time);
  const local = new TZDate(now.getTime(), schedule.timezone);
  const back = (local.getDay() - schedule.weekday + 7) % 7;
  let candidate = atLocalTime(subDays(local, back), hours, minutes);
  if (candidate.getTime() > now.getTime()) candidate = atLocalTime(subDays(candidate, 7), hours, minutes);
  return new Date(candidate.getTime());
}

/** The first occurrence strictly after `now`. */
export function nextOccurrence(now: Date, schedule: DigestSchedule): Date {
  const { hours, minutes } = parseTime(schedule.time);
  const last = new TZDate(lastOccurrence(now, schedule).getTime(), schedule.timezone);
  return new Date(atLocalTime(addDays(last, 7), hours, minutes).getTime());
}

function atLocalTime(day: TZDate, hours: number, minutes: number): TZDate {
  const d = new TZDate(day.getTime(), day.timeZone ?? 'UTC');
  d.setHours(hours, minutes, 0, 0);
  return d;
}

/** The ISO week an instant falls in, in a zone: '2026-W48'. One digest per such week, ever. */
export function isoWeekKey(at: Date, timezone: string): string {
  const local = new TZDate(at.getTime(), timezone);
  return `${getISOWeekYear(local)}-W${String(getISOWeek(local)).padStart(2, '0')}`;
}

/** "24 Nov" style date of an instant in a zone, for headings. */
export function shortDate(at: Date, timezone: string): string {
  return format(new TZDate(at.getTime(), timezone), 'd MMM');
}

/** The local calendar date ('YYYY-MM-DD') of an instant in a zone. */
export function localDate(at: Date, timezone: string): string {
  return format(new TZDate(at.getTime(), timezone), 'yyyy-MM-dd');
}

/** The occurrence a job firing at `now` stands for: the last one, or the next one when it is only a moment away. */
export function occurrenceFor(now: Date, schedule: DigestSchedule): Date {
  const next = nextOccurrence(now, schedule);
  if (next.getTime() - now.getTime() <= OCCURRENCE_TOLERANCE_MS) return next;
  return lastOccurrence(now, schedule);
}

/** A cron pattern (minute hour * * weekday) for BullMQ's job scheduler, read in the schedule's zone. */
export function cronPattern(schedule: DigestSchedule): string {
  const { hours, minutes } = parseTime(schedule.time);
  return `${minutes} ${hours} * * ${schedule.weekday}`;
}
