import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace } from '../../src/sandbox/emulator/index.js';
import { listCampaigns } from '../../src/store/campaigns.js';
import { listCampaignInterviews } from '../../src/store/interviews.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { campaignForm, dms, jumpableClock, submitCampaign, until } from './helpers.js';

/**
 * Sending within Slack's limits: 429s pause the queue for Retry-After, 5xx answers are retried, and whatever
 * happens each person gets one invitation. Everyone is in London at Monday noon, so all are due at once.
 */
const workspace = makeWorkspace({
  users: 24,
  deletedUsers: 0,
  groups: [{ handle: 'all', name: 'All', members: 20 }],
});
for (const u of workspace.users) u.tz = 'Europe/London';
const ALL = workspace.usergroups.find((g) => g.handle === 'all')!.id;

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function rows(harness: Harness) {
  const c = listCampaigns(harness.db)[0];
  return c ? listCampaignInterviews(harness.db, c.id) : [];
}

async function expectOneInvitationEach(harness: Harness): Promise<void> {
  await until(
    'every invitation',
    () => rows(harness).length === 20 && rows(harness).every((r) => r.status === 'invited'),
    40_000,
  );
  for (const r of rows(harness)) expect(dms(harness.emulator, r.userId)).toHaveLength(1);
}

describe('sending', () => {
  it('waits out 429s for Retry-After and still sends each invitation once', async () => {
    const clock = jumpableClock(new Date('2026-03-02T12:00:00Z'));
    h = await startHarness({
      workspace,
      clock,
      emulator: {
        now: () => clock.now().getTime(),
        faults: { method: 'chat.postMessage', rate: 0.3, status: 429, retryAfterMs: 1_000 },
      },
    });
    await submitCampaign(h.slack, h.emulator, h.staffId, campaignForm({ groups_manager: [ALL] }));
    await expectOneInvitationEach(h);
    const posts = h.emulator.callsTo('chat.postMessage');
    const refused = posts.filter((c) => c.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    // After a 429 the whole queue waits for Retry-After: only sends already in flight arrive in the next second.
    for (const r of refused) {
      const during = posts.filter((c) => c.time > r.time + 300 && c.time < r.time + 900);
      expect(during).toEqual([]);
    }
  }, 60_000);

  it('retries 5xx answers with backoff, checking the DM first, and sends each invitation once', async () => {
    const clock = jumpableClock(new Date('2026-03-02T12:00:00Z'));
    h = await startHarness({
      workspace,
      clock,
      emulator: {
        now: () => clock.now().getTime(),
        faults: [{ method: 'chat.postMessage', rate: 0.25, status: 503 }],
      },
    });
    await submitCampaign(h.slack, h.emulator, h.staffId, campaignForm({ groups_manager: [ALL] }));
    await expectOneInvitationEach(h);
    expect(h.emulator.callsTo('chat.postMessage').filter((c) => c.status === 503).length).toBeGreaterThan(0);
    // A 503 proves nothing about whether Slack posted: the retry looked in the DM before sending again.
    expect(h.emulator.callsTo('conversations.history').length).toBeGreaterThan(0);
  }, 60_000);
});
