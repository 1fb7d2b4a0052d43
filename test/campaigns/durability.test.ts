import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace } from '../../src/sandbox/emulator/index.js';
import { listCampaigns } from '../../src/store/campaigns.js';
import { listCampaignInterviews } from '../../src/store/interviews.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { campaignForm, dms, restartableClock, submitCampaign, until } from './helpers.js';

/**
 * Nothing lost, nothing sent twice, when Redis or the bot goes away mid-campaign. 26 people across the emulator's
 * zones are invited over about fourteen virtual hours (seven real seconds); the failure strikes in the middle.
 */
const workspace = makeWorkspace({
  users: 30,
  groups: [{ handle: 'everyone', name: 'Everyone', members: 26 }],
});
const EVERYONE = workspace.usergroups.find((g) => g.handle === 'everyone')!.id;
const START = new Date('2026-03-02T12:00:00Z');

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function campaignRows(harness: Harness) {
  const c = listCampaigns(harness.db)[0];
  return c ? listCampaignInterviews(harness.db, c.id) : [];
}

function expectExactlyOneInvitationEach(harness: Harness): void {
  const rows = campaignRows(harness);
  expect(rows).toHaveLength(26);
  for (const r of rows) {
    const messages = dms(harness.emulator, r.userId);
    expect(messages.map((m) => m.text)).toHaveLength(1);
    expect(r.status).toBe('invited');
    expect(r.dmTs).toBe(messages[0]!.ts);
  }
}

describe('durability', () => {
  it('Redis crashing and coming back empty mid-campaign: every interviewee gets exactly one invitation', async () => {
    const clock = restartableClock(START, 2 * 3600);
    h = await startHarness({ workspace, clock, emulator: { now: () => clock.now().getTime() } });
    clock.restart();
    await submitCampaign(h.slack, h.emulator, h.staffId, campaignForm({ groups_manager: [EVERYONE] }));
    const harness = h;
    await until(
      'some invitations',
      () => campaignRows(harness).filter((r) => r.status === 'invited').length >= 5,
    );
    const before = campaignRows(harness).filter((r) => r.status === 'invited').length;
    expect(before).toBeLessThan(26);

    // No append-only file: the restarted Redis has lost every delayed job.
    await harness.redis.kill();
    await harness.redis.restart();

    await until('every invitation', () => campaignRows(harness).every((r) => r.status === 'invited'), 40_000);
    expectExactlyOneInvitationEach(harness);
    // The jobs that follow (reminders, expiry) are back in the queue too.
    const waiting = await harness.ctx.queues.interviews.getJobCounts('delayed');
    expect(waiting.delayed).toBeGreaterThanOrEqual(26);
  }, 60_000);

  it('a restart after Redis lost its data re-creates the jobs from the store and sends nothing twice', async () => {
    const clock = restartableClock(START, 2 * 3600);
    h = await startHarness({ workspace, clock, emulator: { now: () => clock.now().getTime() } });
    clock.restart();
    await submitCampaign(h.slack, h.emulator, h.staffId, campaignForm({ groups_executive: [EVERYONE] }));
    const harness = h;
    await until(
      'some invitations',
      () => campaignRows(harness).filter((r) => r.status === 'invited').length >= 5,
    );

    await harness.restartBot({ background: false });
    const admin = harness.redis.client();
    await admin.flushall();
    await harness.restartBot();

    await until('every invitation', () => campaignRows(harness).every((r) => r.status === 'invited'), 40_000);
    expectExactlyOneInvitationEach(harness);
  }, 60_000);
});
