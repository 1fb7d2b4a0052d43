import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';
import { seedInterview } from '../interviews/seed.js';

type Call = { seq: number; method: string; args: Record<string, unknown>; status: number };

async function andWait(h: Harness, act: () => Promise<unknown>, match: (c: Call) => boolean) {
  const from = h.emulator.calls.length;
  await act();
  return h.emulator.waitFor((c) => c.seq >= from && match(c), 5_000);
}

describe('App Home and /ospo-survey mine', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ background: false });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('shows an interviewee their open interview with a Start button, and nothing of staff', async () => {
    const userId = h.memberId;
    seedInterview(h.db, { userId, campaignName: 'Spring <round> & more' });
    await andWait(
      h,
      () => h.slack.event({ type: 'app_home_opened', user: userId, tab: 'home' }),
      (c) => c.method === 'views.publish' && c.args.user_id === userId,
    );
    const home = JSON.stringify(h.emulator.homeView(userId)?.blocks);
    expect(home).toContain('Spring &lt;round&gt; &amp; more');
    expect(home).toContain('interview_start');
    expect(home).not.toContain('home_status');
  });

  it('shows staff the campaigns with progress, and Status opens the campaign status', async () => {
    const staff = h.staffId;
    const { campaignId } = seedInterview(h.db, {
      userId: h.workspace.humanIds[8]!,
      campaignName: 'Staff view',
      status: 'answered',
    });
    seedInterview(h.db, { userId: h.workspace.humanIds[9]!, campaignName: 'Other campaign' });
    await andWait(
      h,
      () => h.slack.event({ type: 'app_home_opened', user: staff, tab: 'home' }),
      (c) => c.method === 'views.publish' && c.args.user_id === staff,
    );
    const view = h.emulator.homeView(staff)!;
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('Staff view');
    expect(json).toContain('1 of 1 answered');
    expect(json).toContain('home_digest_preview');
    const opened = await andWait(
      h,
      () =>
        h.slack.blockAction({
          userId: staff,
          actionId: 'home_status',
          value: String(campaignId),
          view: { id: view.id },
        }),
      (c) => c.method === 'views.open',
    );
    expect(opened.status).toBe(200);
    expect(JSON.stringify(opened.args.view)).toContain('Staff view');

    // The same button pressed by someone who is not staff shows nothing of the campaign.
    const stranger = await andWait(
      h,
      () =>
        h.slack.blockAction({
          userId: h.memberId,
          actionId: 'home_status',
          value: String(campaignId),
          view: { id: view.id },
        }),
      (c) => c.method === 'views.open',
    );
    expect(JSON.stringify(stranger.args.view)).toContain('for the OSPO team');
  });

  it('gives staff a Review tags button on Home that opens the tag review queue', async () => {
    const staff = h.staffId;
    await andWait(
      h,
      () => h.slack.event({ type: 'app_home_opened', user: staff, tab: 'home' }),
      (c) => c.method === 'views.publish' && c.args.user_id === staff,
    );
    const view = h.emulator.homeView(staff)!;
    expect(JSON.stringify(view.blocks)).toContain('Review tags');
    const opened = await andWait(
      h,
      () =>
        h.slack.blockAction({
          userId: staff,
          actionId: 'tagging-open-queue',
          value: 'queue',
          view: { id: view.id },
        }),
      (c) => c.method === 'views.open',
    );
    expect(opened.status).toBe(200);
    expect((opened.args.view as { callback_id?: string }).callback_id).toBe('tagging-queue');
    expect(JSON.stringify(h.emulator.homeView(h.memberId)?.blocks ?? [])).not.toContain('Review tags');
  });

  it('mine (and a bare command for non-staff) lists the caller’s interviews with a button', async () => {
    const userId = h.workspace.humanIds[10]!;
    seedInterview(h.db, { userId, campaignName: 'Mine to answer' });
    for (const text of ['mine', '']) {
      const reply = await andWait(
        h,
        () => h.slack.command({ userId, text }),
        (c) => c.method === 'response_url',
      );
      const body = JSON.stringify(reply.args);
      expect(body).toContain('Mine to answer');
      expect(body).toContain('interview_start');
    }
    const empty = await andWait(
      h,
      () => h.slack.command({ userId: h.workspace.humanIds[11]!, text: 'mine' }),
      (c) => c.method === 'response_url',
    );
    expect(JSON.stringify(empty.args)).toContain('no OSPO interviews yet');
  });
});
