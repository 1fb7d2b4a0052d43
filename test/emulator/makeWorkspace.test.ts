import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '../../src/sandbox/emulator/index.js';

const january = new Date('2026-01-15T12:00:00Z');

describe('makeWorkspace', () => {
  it('is deterministic: the same options give the same people', () => {
    expect(makeWorkspace({ now: january })).toEqual(makeWorkspace({ now: january }));
    const other = makeWorkspace({ now: january, seed: 2 });
    expect(other.users.map((u) => u.real_name)).not.toEqual(
      makeWorkspace({ now: january }).users.map((u) => u.real_name),
    );
  });

  it('spreads 30 people over zones from UTC-12 to UTC+14 with Slack-style offsets and labels', () => {
    const { users } = makeWorkspace({ users: 30, now: january });
    const humans = users.filter((u) => !u.is_bot && u.id !== 'USLACKBOT');
    expect(humans).toHaveLength(30);
    const zones = new Set(humans.map((u) => u.tz));
    for (const tz of [
      'America/New_York',
      'Europe/London',
      'Asia/Kolkata',
      'Australia/Sydney',
      'Pacific/Kiritimati',
      'Etc/GMT+12',
    ]) {
      expect(zones).toContain(tz);
    }
    const offset = (tz: string) => humans.find((u) => u.tz === tz)?.tz_offset;
    expect(offset('Etc/GMT+12')).toBe(-12 * 3600);
    expect(offset('Pacific/Kiritimati')).toBe(14 * 3600);
    expect(offset('Asia/Kolkata')).toBe(5.5 * 3600);
    expect(offset('America/New_York')).toBe(-5 * 3600);
    expect(offset('Australia/Sydney')).toBe(11 * 3600); // January: daylight saving in Sydney
    expect(humans.find((u) => u.tz === 'America/New_York')?.tz_label).toBe('Eastern Standard Time');
  });

  it('follows daylight saving at the given instant', () => {
    const july = makeWorkspace({ now: new Date('2026-07-15T12:00:00Z') });
    expect(july.users.find((u) => u.tz === 'America/New_York')?.tz_offset).toBe(-4 * 3600);
    expect(july.users.find((u) => u.tz === 'Australia/Sydney')?.tz_offset).toBe(10 * 3600);
  });

  it('has staff, audience groups, an #ospo channel with the bot, and people to skip', () => {
    const w = makeWorkspace({ users: 40, staff: 4, deletedUsers: 2, now: january });
    expect(w.staffIds).toHaveLength(4);
    const staff = w.usergroups.find((g) => g.id === w.staffGroupId);
    expect(staff?.handle).toBe('ospo-staff');
    expect(staff?.users).toEqual(w.staffIds);
    const ospo = w.channels.find((c) => c.id === w.ospoChannelId);
    expect(ospo?.name).toBe('ospo');
    expect(ospo?.members).toContain(w.bot.userId);
    for (const handle of ['engineering', 'managers', 'executives']) {
      expect(w.usergroups.find((g) => g.handle === handle)?.users.length).toBeGreaterThan(0);
    }
    expect(w.users.filter((u) => u.deleted)).toHaveLength(2);
    expect(w.humanIds).toHaveLength(38);
    expect(w.humanIds).not.toContain('USLACKBOT');
    expect(w.users.find((u) => u.id === 'USLACKBOT')?.is_bot).toBe(false);
    expect(new Set(w.users.map((u) => u.id)).size).toBe(w.users.length);
    expect(new Set(w.users.map((u) => u.name)).size).toBe(w.users.length);
  });
});
