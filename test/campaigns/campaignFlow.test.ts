import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace } from '../../src/sandbox/emulator/index.js';
import type { Message } from '../../src/sandbox/emulator/types.js';
import { cancelPendingJobs } from '../../src/schedule/lifecycle.js';
import { localDate } from '../../src/schedule/workingTime.js';
import { INVITATION_ACTIONS } from '../../src/slack/blocks/invitation.js';
import { listAudit } from '../../src/store/audit.js';
import { campaignCounts, listCampaigns } from '../../src/store/campaigns.js';
import { listCampaignInterviews, type ScheduledInterview } from '../../src/store/interviews.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { dms, restartableClock, until } from './helpers.js';

/**
 * A staff member starts a campaign for a user group and a channel through the real modal; the invitations, the
 * reminder and the expiry follow on a virtual clock running at three hours a second, each in the person's own zone.
 *
 * Workspace (zones from makeWorkspace): U2 London, U3 Kolkata, U4 Sydney, U5 Kiritimati (UTC+14), U6 Etc/GMT+12,
 * U7 Los Angeles, U8 Berlin. The group holds U2–U6 and a deactivated person; the channel U5–U8, another bot and the app's own bot user.
 */
const workspace = makeWorkspace({
  users: 12,
  deletedUsers: 1,
  groups: [
    {
      handle: 'platform',
      name: 'Platform',
      members: ['U00000002', 'U00000003', 'U00000004', 'U00000005', 'U00000006', 'U00000012'],
    },
  ],
  channels: [
    { name: 'platform-eng', members: ['U00000005', 'U00000006', 'U00000007', 'U00000008', 'U0OTHERBOT'] },
  ],
});
const PLATFORM_GROUP = workspace.usergroups.find((g) => g.handle === 'platform')!.id;
const PLATFORM_CHANNEL = workspace.channels.find((c) => c.name === 'platform-eng')!.id;
const INVITED = ['U00000002', 'U00000003', 'U00000004', 'U00000005', 'U00000006', 'U00000007', 'U00000008'];

// Monday 2 March 2026, 12:00 UTC: 07:00 for the staff member in New York.
const START = new Date('2026-03-02T12:00:00Z');
const SPEED = 3 * 3600;

const clock = restartableClock(START, SPEED);

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ workspace, clock, emulator: { now: () => clock.now().getTime() } });
});
afterAll(async () => {
  await h?.stop();
});

function localTime(iso: string, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

function interviews(): ScheduledInterview[] {
  const c = listCampaigns(h.db)[0];
  return c ? listCampaignInterviews(h.db, c.id) : [];
}

function actionIds(m: Message): string[] {
  return ((m.blocks as { type: string; elements?: { action_id?: string }[] }[] | undefined) ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
}

const FORM = {
  name: 'Platform round',
  groups_contributor: [PLATFORM_GROUP],
  channels_manager: [PLATFORM_CHANNEL],
  start_date: '2026-03-02',
  due_date: '2026-03-04',
  days: ['1', '2', '3', '4', '5'],
  day_start: '09:00',
  day_end: '17:00',
  send_at: '10:00',
  remind_every: '1',
  max_reminders: '1',
};

describe('a campaign from the modal to expiry', () => {
  it('refuses staff commands to someone who is not staff', async () => {
    await h.slack.command({ userId: h.memberId, text: 'new' });
    const said = await until('the refusal', () =>
      h.emulator.ephemeralsTo(h.memberId).find((e) => /for the OSPO team/.test(e.text)),
    );
    expect(said.text).toContain('/ospo-survey new');
    expect(h.emulator.callsTo('views.open')).toHaveLength(0);
  });

  it('opens the form at once, then fills in the user groups', async () => {
    const res = await h.slack.command({ userId: h.staffId, text: 'new', channelId: workspace.ospoChannelId });
    expect(res.status).toBe(200);
    await h.emulator.waitFor((c) => c.method === 'views.update' && c.status === 200, 5_000);
    const [view] = h.emulator.openViews(h.staffId);
    expect(view?.callback_id).toBe('campaign_new');
    const blockIds = (view!.blocks as { block_id?: string }[]).map((b) => b.block_id);
    expect(blockIds).toContain('groups_contributor');
  });

  it('puts errors next to the fields that need fixing', async () => {
    const res = await h.slack.viewSubmission({
      userId: h.staffId,
      values: { ...FORM, name: '', start_date: '2026-02-27', due_date: '2026-02-26', send_at: '18:00' },
    });
    const body = res.json as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['due_date', 'name', 'send_at', 'start_date']);
    expect(body.errors.start_date).toMatch(/past/);
    expect(listCampaigns(h.db)).toHaveLength(0);
  });

  it('schedules one interview per real person and says who was left out and why', async () => {
    clock.restart();
    const res = await h.slack.viewSubmission({ userId: h.staffId, values: FORM });
    expect((res.json as { response_action: string }).response_action).toBe('update');
    const done = await h.emulator.waitFor(
      (c) => c.method === 'views.update' && JSON.stringify(c.args.view).includes('is scheduled'),
      10_000,
    );
    const text = JSON.stringify(done.args.view);
    expect(text).toContain('7 invitations');
    expect(text).toContain('5 left out: 2 bots, 1 deactivated, 2 picked more than once');
    const progress = h.emulator.ephemeralsTo(h.staffId).map((e) => e.text);
    expect(progress).toContain('Scheduling 7 invitations…');

    const rows = interviews();
    expect(rows.map((r) => r.userId).sort()).toEqual(INVITED);
    // The group is a more direct pick than the channel: U5 and U6, in both, are contributors.
    expect(rows.find((r) => r.userId === 'U00000005')?.audience).toBe('contributor');
    expect(rows.find((r) => r.userId === 'U00000008')?.audience).toBe('manager');
    expect(listAudit(h.db, { action: 'campaign.create' })[0]?.detail).toMatchObject({ interviews: 7 });
  });

  it('plans each invitation at 10:00 on a working day where the person lives', () => {
    const byUser = new Map(interviews().map((r) => [r.userId, r]));
    // London: it is about 12:00 there on the start day, within working hours, so at once.
    const london = new Date(byUser.get('U00000002')!.inviteAt!).getTime();
    expect(london).toBeGreaterThanOrEqual(START.getTime());
    expect(london - START.getTime()).toBeLessThan(3 * 3600_000);
    // Kiritimati is already on Tuesday: 10:00 Tuesday there is Monday 20:00 UTC.
    expect(byUser.get('U00000005')?.inviteAt).toBe('2026-03-02T20:00:00.000Z');
    // UTC-12: Monday 10:00 there is Monday 22:00 UTC.
    expect(byUser.get('U00000006')?.inviteAt).toBe('2026-03-02T22:00:00.000Z');
    for (const r of interviews()) {
      // London and Berlin are in their Monday working hours at submission: invited at once.
      if (r.userId === 'U00000002' || r.userId === 'U00000008') continue;
      expect(localTime(r.inviteAt!, r.tz)).toBe('10:00');
      expect(localTime(r.expireAt!, r.tz)).toBe('00:00');
      expect(localDate(new Date(r.expireAt!), r.tz)).toBe('2026-03-05');
    }
  });

  it('delivers exactly one invitation to each DM, with the four buttons, at that time', async () => {
    await until('every invitation', () => interviews().every((r) => r.status === 'invited'));
    for (const r of interviews()) {
      const messages = dms(h.emulator, r.userId);
      expect(messages).toHaveLength(1);
      expect(actionIds(messages[0]!)).toEqual(Object.values(INVITATION_ACTIONS));
      expect(JSON.stringify(messages[0]!.blocks)).toContain(`"value":"${r.id}"`);
      expect(messages[0]!.text).toContain('Platform round');
      expect(r.dmTs).toBe(messages[0]!.ts);
      // Sent when planned, give or take the queue's latency (at this speed 100 ms is 18 virtual minutes), and
      // always within the person's working hours.
      const lateBy = new Date(r.invitedAt!).getTime() - new Date(r.inviteAt!).getTime();
      expect(lateBy).toBeGreaterThanOrEqual(0);
      expect(lateBy).toBeLessThan(2 * 3600_000);
      expect(localTime(r.invitedAt!, r.tz) >= '09:00' && localTime(r.invitedAt!, r.tz) < '17:00').toBe(true);
    }
    const due = JSON.stringify(dms(h.emulator, 'U00000004')[0]!.blocks);
    expect(due).toContain('Wednesday 4 March');
    expect(due).toContain('Australia/Sydney');
  });

  it('shows the counts and the next reminders in status', async () => {
    await h.slack.command({ userId: h.staffId, text: 'status Platform round' });
    const said = await until('status', () =>
      h.emulator
        .ephemeralsTo(h.staffId)
        .find((e) => JSON.stringify(e.blocks ?? '').includes('Invited, no answer yet')),
    );
    const text = JSON.stringify(said.blocks);
    expect(text).toContain('answered (0 of 7)');
    expect(text).toMatch(/Invited, no answer yet [67]/);
    expect(text).toMatch(/Next: \d+ reminder/);
  });

  it('sends no reminder to someone who declined, one to everyone else, then expires the rest', async () => {
    const declined = interviews().find((r) => r.userId === 'U00000003')!;
    h.db
      .prepare(`UPDATE interviews SET status = 'declined', closed_at = ? WHERE id = ?`)
      .run(clock.now().toISOString(), declined.id);
    await cancelPendingJobs(h.ctx, declined.id);

    await until(
      'every expiry',
      () => interviews().every((r) => r.status === 'expired' || r.status === 'declined'),
      45_000,
    );
    for (const r of interviews()) {
      const messages = dms(h.emulator, r.userId);
      if (r.id === declined.id) {
        expect(messages).toHaveLength(1);
        continue;
      }
      expect(r.remindersSent).toBe(1);
      expect(messages).toHaveLength(2);
      expect(localTime(r.lastRemindedAt!, r.tz).slice(0, 2)).toBe('10');
    }
    // The invitations and reminders are updated in place: no buttons left.
    await until('closed messages', () =>
      interviews()
        .filter((r) => r.status === 'expired')
        .every((r) =>
          dms(h.emulator, r.userId).every((m) => actionIds(m).length === 0 && m.text.includes('expired')),
        ),
    );
    const counts = campaignCounts(h.db, listCampaigns(h.db)[0]!.id);
    expect(counts).toMatchObject({ expired: 6, declined: 1, invited: 0, scheduled: 0 });
  }, 60_000);
});
