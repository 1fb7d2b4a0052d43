import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings, parseCampaignSettings } from '../../src/interviews/campaignSettings.js';
import { nextReminderAt, planInterview } from '../../src/schedule/plan.js';

const settings = defaultCampaignSettings('Europe/London');

describe('planInterview', () => {
  it('plans the invitation at 10:00 and expiry at the end of the due date, both in the person zone', () => {
    const plan = planInterview({
      startDate: '2026-03-02',
      dueDate: '2026-03-13',
      tz: 'America/Los_Angeles',
      settings,
      now: new Date('2026-02-27T12:00:00Z'),
    });
    expect(plan?.inviteAt.toISOString()).toBe('2026-03-02T18:00:00.000Z');
    expect(plan?.expireAt.toISOString()).toBe('2026-03-14T07:00:00.000Z'); // PDT from 8 March
  });

  it('still invites when the only days left are a weekend, rather than never', () => {
    const plan = planInterview({
      startDate: '2026-03-07',
      dueDate: '2026-03-08',
      tz: 'UTC',
      settings,
      now: new Date('2026-03-06T12:00:00Z'),
    });
    expect(plan?.inviteAt.toISOString()).toBe('2026-03-07T10:00:00.000Z');
  });

  it('gives nothing to plan when the due date is already over where the person lives', () => {
    const plan = planInterview({
      startDate: '2026-03-02',
      dueDate: '2026-03-02',
      tz: 'Pacific/Kiritimati',
      settings,
      now: new Date('2026-03-02T12:00:00Z'), // 02:00 on 3 March there
    });
    expect(plan).toBeNull();
  });
});

describe('nextReminderAt', () => {
  const expireAt = new Date('2026-03-20T00:00:00Z');
  it('reminds after the cadence in working days, up to the allowance, never after expiry', () => {
    const invited = new Date('2026-03-02T10:00:00Z');
    expect(nextReminderAt(invited, 0, 'UTC', settings, expireAt)?.toISOString()).toBe(
      '2026-03-05T10:00:00.000Z',
    );
    expect(nextReminderAt(invited, 2, 'UTC', settings, expireAt)).toBeNull();
    expect(nextReminderAt(new Date('2026-03-18T10:00:00Z'), 1, 'UTC', settings, expireAt)).toBeNull();
  });
});

describe('campaign settings', () => {
  it('round-trips through JSON and defaults what an old row lacks', () => {
    const s = { ...settings, maxReminders: 1, remindEveryWorkingDays: 5 };
    expect(parseCampaignSettings(JSON.stringify(s))).toEqual(s);
    expect(parseCampaignSettings('{}').maxReminders).toBe(2);
    expect(parseCampaignSettings('not json').pattern.sendAt).toBe('10:00');
  });
});
