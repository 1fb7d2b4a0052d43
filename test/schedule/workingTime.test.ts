import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  atLocal,
  DEFAULT_WORKING_PATTERN,
  endOfDay,
  firstInvitationSlot,
  formatLocalDate,
  isoWeekday,
  localDate,
  minutesOf,
  nextWorkingMorning,
  reminderSlot,
  safeTimeZone,
  type WorkingPattern,
} from '../../src/schedule/workingTime.js';

const P = DEFAULT_WORKING_PATTERN;
const iso = (d: Date) => d.toISOString();

describe('calendar dates', () => {
  it('knows weekdays and skips weekends when counting working days', () => {
    expect(isoWeekday('2026-03-06')).toBe(5); // Friday
    expect(isoWeekday('2026-03-08')).toBe(7); // Sunday
    expect(addWorkingDays('2026-03-06', 1, P)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-06', 3, P)).toBe('2026-03-11');
    expect(addWorkingDays('2026-03-07', 1, P)).toBe('2026-03-09'); // from a Saturday
    expect(addWorkingDays('2026-12-31', 1, P)).toBe('2027-01-01'); // across a year
  });

  it('formats a due date the way people read it', () => {
    expect(formatLocalDate('2026-12-11')).toBe('Friday 11 December');
  });

  it('falls back to UTC for a zone Slack did not give or we cannot read', () => {
    expect(safeTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(safeTimeZone('')).toBe('UTC');
    expect(safeTimeZone('Mars/Olympus_Mons')).toBe('UTC');
    expect(safeTimeZone(null)).toBe('UTC');
  });
});

describe('America/New_York across the March daylight-saving change', () => {
  const tz = 'America/New_York';
  const now = new Date('2026-03-01T12:00:00Z');

  it('invites at 10:00 EST before the change and reminds at 10:00 EDT after it', () => {
    const invite = firstInvitationSlot('2026-03-06', tz, P, now);
    expect(iso(invite)).toBe('2026-03-06T15:00:00.000Z'); // 10:00 UTC-5
    const reminder = reminderSlot(invite, 3, tz, P);
    expect(iso(reminder)).toBe('2026-03-11T14:00:00.000Z'); // 10:00 UTC-4, three working days on
  });

  it('expires at the end of the due date in the person zone, whatever the offset', () => {
    expect(iso(endOfDay('2026-03-07', tz))).toBe('2026-03-08T05:00:00.000Z'); // midnight EST
    expect(iso(endOfDay('2026-03-08', tz))).toBe('2026-03-09T04:00:00.000Z'); // midnight EDT
  });
});

describe('Europe/Berlin across the October change', () => {
  const tz = 'Europe/Berlin';
  it('keeps 10:00 local on both sides of the change', () => {
    const invite = firstInvitationSlot('2026-10-23', tz, P, new Date('2026-10-20T00:00:00Z'));
    expect(iso(invite)).toBe('2026-10-23T08:00:00.000Z'); // CEST, UTC+2
    expect(iso(reminderSlot(invite, 1, tz, P))).toBe('2026-10-26T09:00:00.000Z'); // CET, UTC+1
  });

  it('reads "Later" on a Friday evening as Monday morning', () => {
    const fridayEvening = new Date('2026-10-23T17:30:00Z'); // 19:30 in Berlin
    expect(iso(nextWorkingMorning(fridayEvening, tz, P))).toBe('2026-10-26T09:00:00.000Z');
  });
});

describe('the extremes of the zones', () => {
  it('Pacific/Kiritimati (UTC+14) starts its Monday on Sunday in UTC', () => {
    const now = new Date('2026-01-04T12:00:00Z'); // already Monday 02:00 there
    expect(localDate(now, 'Pacific/Kiritimati')).toBe('2026-01-05');
    expect(iso(firstInvitationSlot('2026-01-05', 'Pacific/Kiritimati', P, now))).toBe(
      '2026-01-04T20:00:00.000Z',
    );
    expect(iso(endOfDay('2026-01-09', 'Pacific/Kiritimati'))).toBe('2026-01-09T10:00:00.000Z');
  });

  it('Etc/GMT+12 (UTC-12) ends its Friday on Saturday noon in UTC', () => {
    const now = new Date('2026-01-05T00:00:00Z'); // still Sunday noon there
    expect(iso(firstInvitationSlot('2026-01-05', 'Etc/GMT+12', P, now))).toBe('2026-01-05T22:00:00.000Z');
    expect(iso(endOfDay('2026-01-09', 'Etc/GMT+12'))).toBe('2026-01-10T12:00:00.000Z');
  });

  it('a due date whose midnight is skipped by daylight saving (Santiago) ends at the first real instant', () => {
    // Chile moves from 00:00 to 01:00 on 6 September 2026.
    expect(iso(endOfDay('2026-09-05', 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
  });

  it('half- and quarter-hour zones keep 10:00 local', () => {
    expect(iso(atLocal('2026-02-02', '10:00', 'Asia/Kolkata'))).toBe('2026-02-02T04:30:00.000Z');
    expect(iso(atLocal('2026-02-02', '10:00', 'Asia/Kathmandu'))).toBe('2026-02-02T04:15:00.000Z');
  });
});

describe('the first invitation slot', () => {
  const tz = 'Europe/London';
  it('moves a weekend start to Monday', () => {
    const slot = firstInvitationSlot('2026-02-07', tz, P, new Date('2026-02-01T00:00:00Z'));
    expect(iso(slot)).toBe('2026-02-09T10:00:00.000Z');
  });

  it('sends at once when the start day is under way but still within working hours', () => {
    const now = new Date('2026-02-09T14:00:00Z');
    expect(iso(firstInvitationSlot('2026-02-09', tz, P, now))).toBe(iso(now));
  });

  it('waits for the next working morning when the start day is over', () => {
    const now = new Date('2026-02-13T18:00:00Z'); // Friday evening
    expect(iso(firstInvitationSlot('2026-02-13', tz, P, now))).toBe('2026-02-16T10:00:00.000Z');
  });

  it('follows a campaign own working days and hours (Sunday to Thursday, 08:00-16:00, send 08:30)', () => {
    const week: WorkingPattern = { days: [7, 1, 2, 3, 4], start: '08:00', end: '16:00', sendAt: '08:30' };
    const friday = firstInvitationSlot('2026-02-13', 'Asia/Dubai', week, new Date('2026-02-01T00:00:00Z'));
    expect(iso(friday)).toBe('2026-02-15T04:30:00.000Z'); // Sunday 08:30 UTC+4
    expect(addWorkingDays('2026-02-19', 1, week)).toBe('2026-02-22'); // Thursday → Sunday
    const lateThursday = new Date('2026-02-19T12:30:00Z'); // 16:30 local, after hours
    expect(iso(firstInvitationSlot('2026-02-19', 'Asia/Dubai', week, lateThursday))).toBe(
      '2026-02-22T04:30:00.000Z',
    );
  });
});

describe('invariants over any zone, start date and moment', () => {
  const zones = [
    'America/New_York',
    'Europe/Berlin',
    'Pacific/Kiritimati',
    'Etc/GMT+12',
    'Asia/Kathmandu',
    'Australia/Adelaide',
    'America/St_Johns',
    'Pacific/Chatham',
  ];
  it('an invitation is never before now, never before the start date, and always in working time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        (tz, startOffset, nowMinutes) => {
          const startDate = new Date(Date.UTC(2026, 0, 1 + startOffset)).toISOString().slice(0, 10);
          const now = new Date(Date.UTC(2026, 0, 1 + startOffset - 10) + nowMinutes * 60_000);
          const slot = firstInvitationSlot(startDate, tz, P, now);
          const day = localDate(slot, tz);
          const minute = minutesOf(
            new Intl.DateTimeFormat('en-GB', {
              timeZone: tz,
              hour: '2-digit',
              minute: '2-digit',
              hourCycle: 'h23',
            }).format(slot),
          );
          expect(slot.getTime()).toBeGreaterThanOrEqual(now.getTime());
          expect(day >= startDate).toBe(true);
          expect(isoWeekday(day)).toBeLessThanOrEqual(5);
          expect(minute).toBeGreaterThanOrEqual(minutesOf(P.start));
          expect(minute).toBeLessThan(minutesOf(P.end));
        },
      ),
      { numRuns: 400 },
    );
  });
});
