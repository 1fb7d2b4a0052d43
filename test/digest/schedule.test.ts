import { describe, expect, it } from 'vitest';
import {
  cronPattern,
  isoWeekKey,
  lastOccurrence,
  nextOccurrence,
  occurrenceFor,
} from '../../src/digest/schedule.js';

const berlinMonday9 = { weekday: 1, time: '09:00', timezone: 'Europe/Berlin' };

describe('digest schedule maths', () => {
  it('finds the last Monday 09:00 in Berlin, and the next one', () => {
    // Wednesday 25 Nov 2026, 12:00 UTC.
    const now = new Date('2026-11-25T12:00:00Z');
    expect(lastOccurrence(now, berlinMonday9).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(nextOccurrence(now, berlinMonday9).toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('counts an occurrence as past from its very minute, not before', () => {
    expect(lastOccurrence(new Date('2026-11-23T08:00:00Z'), berlinMonday9).toISOString()).toBe(
      '2026-11-23T08:00:00.000Z',
    );
    expect(lastOccurrence(new Date('2026-11-23T07:59:59Z'), berlinMonday9).toISOString()).toBe(
      '2026-11-16T08:00:00.000Z',
    );
  });

  it('keeps 09:00 local across the change to summer time', () => {
    // Berlin moves to CEST on Sunday 29 March 2026: 09:00 is 08:00 UTC before and 07:00 UTC after.
    expect(lastOccurrence(new Date('2026-03-25T12:00:00Z'), berlinMonday9).toISOString()).toBe(
      '2026-03-23T08:00:00.000Z',
    );
    expect(nextOccurrence(new Date('2026-03-25T12:00:00Z'), berlinMonday9).toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
  });

  it('names ISO weeks in the OSPO’s zone, across the year boundary', () => {
    expect(isoWeekKey(new Date('2026-11-23T08:00:00Z'), 'Europe/Berlin')).toBe('2026-W48');
    // Friday 1 Jan 2027 is in ISO week 53 of 2026.
    expect(isoWeekKey(new Date('2027-01-01T12:00:00Z'), 'UTC')).toBe('2026-W53');
    // Monday 4 Jan 2027 00:30 in Auckland is still Sunday 3 Jan in UTC: the zone decides the week.
    expect(isoWeekKey(new Date('2027-01-03T11:30:00Z'), 'Pacific/Auckland')).toBe('2027-W01');
    expect(isoWeekKey(new Date('2027-01-03T11:30:00Z'), 'UTC')).toBe('2026-W53');
  });

  it('takes a job that fires a moment early as the coming occurrence, not last week’s', () => {
    const early = new Date('2026-11-23T07:59:58Z');
    expect(occurrenceFor(early, berlinMonday9).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    const lateRetry = new Date('2026-11-24T10:00:00Z');
    expect(occurrenceFor(lateRetry, berlinMonday9).toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('writes the cron pattern BullMQ reads in the zone', () => {
    expect(cronPattern(berlinMonday9)).toBe('0 9 * * 1');
    expect(cronPattern({ weekday: 5, time: '16:30', timezone: 'UTC' })).toBe('30 16 * * 5');
  });
});
