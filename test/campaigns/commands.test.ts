import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace } from '../../src/sandbox/emulator/index.js';
import { jobId } from '../../src/schedule/jobs.js';
import { snoozeInvitation } from '../../src/schedule/lifecycle.js';
import { scheduleCampaignJobs } from '../../src/schedule/scheduleCampaign.js';
import { listAudit } from '../../src/store/audit.js';
import { campaignCounts, findCampaigns } from '../../src/store/campaigns.js';
import { listCampaignInterviews } from '../../src/store/interviews.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { campaignForm, dms, jumpableClock, submitCampaign, until } from './helpers.js';

/**
 * status, remind, close and list as staff use them. The clock runs at real speed from Monday 12:00 UTC, when
 * people in Europe and Africa are in working hours (invited at once) and the rest are invited on their own morning.
 */
const workspace = makeWorkspace({ users: 30 });
const ENGINEERING = workspace.usergroups.find((g) => g.handle === 'engineering')!.id;
const MANAGERS = workspace.usergroups.find((g) => g.handle === 'managers')!.id;
const clock = jumpableClock(new Date('2026-03-02T12:00:00Z'));
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ workspace, clock, emulator: { now: () => clock.now().getTime() } });
  await submitCampaign(
    h.slack,
    h.emulator,
    h.staffId,
    campaignForm({ name: 'Engineering spring', groups_contributor: [ENGINEERING] }),
  );
  await submitCampaign(
    h.slack,
    h.emulator,
    h.staffId,
    campaignForm({ name: 'Engineering managers', groups_manager: [MANAGERS] }),
  );
}, 30_000);
afterAll(async () => {
  await h?.stop();
});

const campaign = (name: string) => findCampaigns(h.db, name)[0]!;
const rows = (name: string) => listCampaignInterviews(h.db, campaign(name).id);
/** Someone in both groups is in both campaigns: count the messages of one. */
const spring = (userId: string) =>
  dms(h.emulator, userId).filter((m) => m.text.includes('Engineering spring'));

async function run(text: string): Promise<string> {
  const before = h.emulator.ephemeralsTo(h.staffId).length;
  await h.slack.command({ userId: h.staffId, text });
  const said = await until(`an answer to "${text}"`, () =>
    h.emulator.ephemeralsTo(h.staffId).slice(before).at(-1),
  );
  await new Promise((r) => setTimeout(r, 100));
  return (
    h.emulator
      .ephemeralsTo(h.staffId)
      .slice(before)
      .map((e) => `${e.text}\n${JSON.stringify(e.blocks ?? [])}`)
      .join('\n') || said.text
  );
}

describe('staff commands', () => {
  it('list shows every campaign with its progress', async () => {
    const out = await run('list');
    expect(out).toContain('2 campaigns');
    expect(out).toMatch(/Engineering spring\* \(#1\) · open/);
    expect(out).toMatch(/Engineering managers\* \(#2\) · open/);
  });

  it('asks which campaign when a name is ambiguous or unknown', async () => {
    expect(await run('status engineering')).toContain('Several campaigns match');
    expect(await run('close nothing-like-it')).toContain('No campaign matches');
    expect(await run('remind')).toContain('Which campaign?');
  });

  it('remind leaves alone whoever heard from us today, and nudges the rest the next day, once', async () => {
    const invitedNow = await until('the first invitations', () => {
      const r = rows('Engineering spring').filter((x) => x.status === 'invited');
      const due = rows('Engineering spring').filter((x) => new Date(x.inviteAt!) <= clock.now());
      return r.length > 0 && r.length === due.length && r;
    });
    const first = await run('remind Engineering spring');
    expect(first).toContain('Nobody to nudge');
    expect(first).toContain(`${invitedNow.length} already heard from us today`);

    clock.jump(24 * 3600_000); // Tuesday 12:00 UTC
    const second = await run('remind #1');
    expect(second).toContain(`Nudging ${invitedNow.length} people`);
    await until('the nudges', () => invitedNow.every((r) => spring(r.userId).length === 2));
    const nudge = spring(invitedNow[0]!.userId)[1]!;
    expect(JSON.stringify(nudge.blocks)).toContain(
      `<@${h.staffId}> from the OSPO would still love to hear from you`,
    );

    const third = await run('remind #1');
    expect(third).toContain('Nobody to nudge');
    await new Promise((r) => setTimeout(r, 300));
    for (const r of invitedNow) expect(spring(r.userId)).toHaveLength(2);
    expect(listAudit(h.db, { action: 'campaign.remind' })).toHaveLength(3);
  });

  it('remind leaves out whoever asked to talk instead: their interviewer follows up', async () => {
    const r = rows('Engineering spring').find((x) => x.status === 'invited')!;
    const invitation = spring(r.userId)[0]!;
    const click = await h.slack.blockAction({
      userId: r.userId,
      actionId: 'interview_talk',
      value: String(r.id),
      message: { ts: invitation.ts, channel: invitation.channel },
    });
    expect(click.status).toBe(200);
    await until('the talk request', () =>
      rows('Engineering spring').find((x) => x.id === r.id && x.talkRequested),
    );
    const before = spring(r.userId).length;

    const out = await run('remind #1');
    expect(out).toContain('1 asked to talk instead; their interviewer follows up.');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(spring(r.userId)).toHaveLength(before);
  });

  it('Later moves the next reminder to the next working morning where the person lives', async () => {
    const r = rows('Engineering spring').find((x) => x.status === 'invited')!;
    const snoozed = await snoozeInvitation(h.ctx, r.id);
    expect(snoozed.ok).toBe(true);
    if (!snoozed.ok) return;
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: r.tz,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(snoozed.remindAt);
    expect(local).toBe('Wed 10:00');
    const job = await h.ctx.queues.interviews.getJob(jobId.remind(r.id, 1));
    expect(await job?.getState()).toBe('delayed');
    expect(Math.abs(job!.delay - h.ctx.clock.delayUntil(snoozed.remindAt))).toBeLessThan(5_000);
    // Twice on one day asks for the same reminder: still one job.
    await snoozeInvitation(h.ctx, r.id);
    const jobs = await h.ctx.queues.interviews.getJobs(['delayed']);
    expect(jobs.filter((j) => j.id === jobId.remind(r.id, 1))).toHaveLength(1);
  });

  it('status counts by status, with a progress bar and the next sends', async () => {
    const out = await run('status');
    expect(out).toContain('Engineering spring');
    expect(out).toContain('Engineering managers');
    expect(out).toContain('answered (0 of');
    expect(out).toContain('░░░░░░░░░░ 0%');
    expect(out).toMatch(/Next: \d+ invitation/);
  });

  it('a redelivered submission and a second scheduling add nothing', async () => {
    const c = campaign('Engineering managers');
    const count = async () => {
      const n = await h.ctx.queues.interviews.getJobCounts(
        'delayed',
        'wait',
        'active',
        'completed',
        'failed',
      );
      return Object.values(n).reduce((a, b) => a + b, 0);
    };
    const before = await count();
    await scheduleCampaignJobs(h.ctx, c.id);
    expect(await count()).toBe(before);

    const viewId = h.db.prepare('SELECT request_key FROM campaigns WHERE id = ?').pluck().get(c.id) as string;
    const again = await h.slack.viewSubmission(
      {
        userId: h.staffId,
        viewId,
        view: { id: viewId, callback_id: 'campaign_new', private_metadata: '{}' },
      },
      { retryNum: 1, retryReason: 'http_timeout' },
    );
    expect(JSON.stringify(again.json)).toContain('was created already');
    expect(findCampaigns(h.db, 'Engineering')).toHaveLength(2);
    expect(await count()).toBe(before);
  });

  it('close expires every unanswered interview, removes their jobs and updates the DMs in place', async () => {
    const c = campaign('Engineering spring');
    const before = rows('Engineering spring');
    const invited = before.filter((r) => r.status === 'invited');
    const scheduled = before.filter((r) => r.status === 'scheduled');
    expect(scheduled.length).toBeGreaterThan(0);

    const out = await run('close Engineering spring');
    expect(out).toContain(`${before.length} unanswered invitations expired`);
    expect(campaignCounts(h.db, c.id)).toMatchObject({ expired: before.length, invited: 0, scheduled: 0 });
    for (const r of scheduled)
      expect(await h.ctx.queues.interviews.getJob(jobId.invite(r.id))).toBeUndefined();
    await until('the closed messages', () =>
      invited.every((r) =>
        spring(r.userId).every(
          (m) => /has closed/.test(m.text) && !JSON.stringify(m.blocks).includes('interview_start'),
        ),
      ),
    );
    expect(await run('close #1')).toContain('closed already');
    expect(listAudit(h.db, { action: 'campaign.close' })).toHaveLength(1);
    expect(await run('list')).toMatch(/Engineering spring\* \(#1\) · closed/);
    // Nobody who was never invited hears from a closed campaign.
    for (const r of scheduled) expect(spring(r.userId)).toHaveLength(0);
  });
});
