import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/sandbox/emulator/types.js';
import { listAudit } from '../../src/store/audit.js';
import { findDigest } from '../../src/store/digests.js';
import { restartableClock, until } from '../campaigns/helpers.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { decodePng } from './decodePng.js';
import { addCampaign, addCrowd, addPerson } from './seed.js';

/**
 * The weekly digest end to end: the real bot on a virtual clock two seconds before Monday 09:00 UTC (the default
 * schedule), a store seeded as the interview flow and tagger would leave it, and the Slack emulator receiving the
 * post and the picture through the three upload steps.
 */

// Monday 9 March 2026 (ISO week 11), two seconds before the digest is due.
const START = new Date('2026-03-09T08:59:58Z');

function seedOrganisation(h: Harness, createdAt: string): void {
  const campaign = addCampaign(h.db, { name: 'Spring round', createdAt });
  addCrowd(h.db, campaign, 'UM', 5, {
    petal: 'management',
    stage: 'stage-1',
    motivators: ['development-velocity', 'cost'],
  });
  addCrowd(h.db, campaign, 'UI', 6, {
    petal: 'individual-contributors',
    stage: 'stage-2',
    motivators: ['personal-learning'],
  });
  addCrowd(h.db, campaign, 'UB', 4, {
    petal: 'business',
    stage: 'stage-1',
    motivators: ['development-velocity'],
  });
  // The crafted small group: two people in Legal, whose words and count must not appear.
  for (const [i, consent] of (['name', 'anonymous'] as const).entries()) {
    addPerson(h.db, {
      campaignId: campaign,
      userId: `UL${i}`,
      petal: 'legal',
      consent,
      realName: `Legal Person ${i}`,
      answers: [
        {
          text: `LEGAL-SMALL-${i}: every licence is checked by hand here`,
          tags: [
            { kind: 'motivator', label: 'compliance' },
            { kind: 'stage', label: 'stage-0' },
          ],
        },
      ],
    });
  }
}

function channelPosts(h: Harness): Message[] {
  return h.emulator.messagesTo(h.workspace.ospoChannelId).filter((m) => m.bot_id);
}

function digestMessages(h: Harness): Message[] {
  return channelPosts(h).filter((m) => JSON.stringify(m.blocks ?? []).includes('OSPO digest'));
}

function pictureMessages(h: Harness): Message[] {
  return channelPosts(h).filter((m) => (m.files ?? []).some((f) => f.name.endsWith('.png')));
}

async function finished(job: Job, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') return state;
    if (Date.now() > deadline) throw new Error(`digest job ${job.id} still ${state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the weekly digest, scheduled', () => {
  const clock = restartableClock(START, 1);
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ clock });
    // Campaign created after last Monday's digest time: there is no missed week to catch up.
    seedOrganisation(h, '2026-03-05T10:00:00.000Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('posts the digest once to the channel at Monday 09:00, with the flower picture', async () => {
    await until(
      'the digest and its picture',
      () => digestMessages(h).length === 1 && pictureMessages(h).length === 1,
      20_000,
    );
    const [digest] = digestMessages(h);
    const blocks = JSON.stringify(digest!.blocks);
    expect(blocks).toContain('OSPO digest · week 11');
    expect(blocks).toContain('Spring round');
    expect(blocks).not.toContain('posted late');
    const row = findDigest(h.db, '2026-W11');
    expect(row).toMatchObject({ state: 'posted', late: false, ts: digest!.ts });

    // The picture went through the upload steps and is a real PNG of the flower.
    expect(h.emulator.callsTo('files.getUploadURLExternal').length).toBeGreaterThanOrEqual(1);
    const [picture] = pictureMessages(h);
    const stored = h.emulator.file(picture!.files![0]!.id)!;
    expect(stored.completed).toBe(true);
    expect(row?.fileId).toBe(stored.id);
    const png = decodePng(stored.bytes!);
    expect([png.width, png.height]).toEqual([1200, 1320]);
    expect(stored.bytes!.length).toBeGreaterThan(20_000);
    expect(listAudit(h.db, { action: 'digest.post' })).toHaveLength(1);
  });

  it('keeps the small group out of the post: no count, no quote, no name', () => {
    const blocks = JSON.stringify(digestMessages(h)[0]!.blocks);
    expect(blocks).toMatch(/\*Legal\* · number heard not shown/);
    expect(blocks).not.toContain('LEGAL-SMALL');
    expect(blocks).not.toContain('Legal Person');
    expect(blocks).toContain('Individual Contributors* · 6 people heard');
    // Business (4) is hidden too, or 17 − 6 − 5 would give Legal's 2 away.
    expect(blocks).toMatch(/\*Business\* · number heard not shown/);
    expect(blocks).toContain('17* people heard');
  });

  it('posts nothing more in the same week: another scheduled run, a staff post, a restart', async () => {
    const before = channelPosts(h).length;
    const job = await h.ctx.queues.digest.add('weekly', { kind: 'weekly' });
    expect(await finished(job)).toBe('completed');

    await h.slack.command({ userId: h.staffId, text: 'digest post' });
    const said = await until('the reply to digest post', () =>
      h.emulator.ephemeralsTo(h.staffId).find((e) => /already in/.test(e.text)),
    );
    expect(said.text).toContain('2026-W11');

    await h.restartBot();
    // The restarted bot looks for a missed week at once; give its worker a moment to do anything it would.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(channelPosts(h).length).toBe(before);
    expect(digestMessages(h)).toHaveLength(1);
    expect(pictureMessages(h)).toHaveLength(1);
  });

  it('gives staff a private preview, with the picture in their DM, and leaves the channel alone', async () => {
    const before = channelPosts(h).length;
    await h.slack.command({ userId: h.staffId, text: 'digest preview' });
    const preview = await until('the preview', () =>
      h.emulator
        .ephemeralsTo(h.staffId)
        .find((e) => JSON.stringify(e.blocks ?? []).includes('Preview: OSPO digest')),
    );
    expect(JSON.stringify(preview.blocks)).toContain('The flower picture is in your DM');
    const dmPicture = await until('the preview picture in the DM', () =>
      h.emulator.messagesTo(h.staffId).find((m) => (m.files ?? []).some((f) => f.name.includes('preview'))),
    );
    expect(decodePng(h.emulator.file(dmPicture.files![0]!.id)!.bytes!).width).toBe(1200);
    expect(channelPosts(h).length).toBe(before);
  });

  it('refuses the staff tools to someone who is not staff', async () => {
    await h.slack.command({ userId: h.memberId, text: 'export internal' });
    await until('the refusal', () =>
      h.emulator.ephemeralsTo(h.memberId).find((e) => /for the OSPO team/.test(e.text)),
    );
    expect(h.emulator.messagesTo(h.memberId).filter((m) => m.files?.length)).toHaveLength(0);
  });

  it('stores the checklist staff tick in the modal, and the next preview shows it', async () => {
    await h.slack.command({ userId: h.staffId, text: 'checklist' });
    const view = await until('the checklist modal', () =>
      h.emulator.openViews(h.staffId).find((v) => v.callback_id === 'digest_checklist'),
    );
    const res = await h.slack.viewSubmission({
      userId: h.staffId,
      viewId: view.id,
      values: { 'stage-stage-2': ['contribution-compliance', 'how-to-contribute'] },
    });
    expect((res.json as { response_action?: string }).response_action).toBe('update');
    const ticked = h.db.prepare('SELECT item_id FROM checklist ORDER BY item_id').pluck().all();
    expect(ticked).toEqual(['contribution-compliance', 'how-to-contribute']);

    await h.slack.command({ userId: h.staffId, text: 'digest preview' });
    const preview = await until('a preview with the ticks', () =>
      h.emulator
        .ephemeralsTo(h.staffId)
        .find((e) => JSON.stringify(e.blocks ?? []).includes('(2 of 5 done)')),
    );
    expect(JSON.stringify(preview.blocks)).toContain(`(<@${h.staffId}>)`);
  });

  it('exports answers and tags to the staff member’s DM, without the words of people who refused quoting', async () => {
    addPerson(h.db, {
      campaignId: 1,
      userId: 'UREFUSE',
      petal: 'management',
      consent: 'none',
      answers: [{ text: 'REFUSED-WORDS stay inside', tags: [{ kind: 'motivator', label: 'cost' }] }],
    });
    await h.slack.command({ userId: h.staffId, text: 'export' });
    const message = await until('the export files', () =>
      h.emulator
        .messagesTo(h.staffId)
        .find((m) => (m.files ?? []).some((f) => f.name.startsWith('ospo-answers'))),
    );
    expect(message.files!.map((f) => f.name.replace(/-\d{4}-\d{2}-\d{2}/, '')).sort()).toEqual([
      'ospo-answers.csv',
      'ospo-export.json',
      'ospo-tags.csv',
    ]);
    const csv = h.emulator
      .file(message.files!.find((f) => f.name.startsWith('ospo-answers'))!.id)!
      .bytes!.toString('utf8');
    expect(csv).toContain('LEGAL-SMALL-1'); // anonymous consent: the words may be used, without the name
    expect(csv).not.toContain('REFUSED-WORDS');
    expect(csv).not.toContain('UREFUSE');
    expect(listAudit(h.db, { action: 'digest.export' })[0]?.detail).toMatchObject({ internal: false });
  });

  it('answers the staff Home buttons: the preview and a campaign’s export arrive in the DM', async () => {
    await h.slack.event({ type: 'app_home_opened', user: h.staffId, tab: 'home' });
    const home = await until('the staff Home', () => {
      const v = h.emulator.homeView(h.staffId);
      return v && JSON.stringify(v.blocks).includes('home_digest_preview') ? v : undefined;
    });
    const dmBefore = h.emulator.messagesTo(h.staffId).length;
    await h.slack.blockAction({
      userId: h.staffId,
      actionId: 'home_digest_preview',
      value: '1',
      view: { id: home.id },
    });
    await until('the preview in the DM', () =>
      h.emulator
        .messagesTo(h.staffId)
        .slice(dmBefore)
        .find((m) => JSON.stringify(m.blocks ?? []).includes('Preview: OSPO digest')),
    );
    await until('the preview picture in the DM', () =>
      h.emulator
        .messagesTo(h.staffId)
        .slice(dmBefore)
        .find((m) => (m.files ?? []).some((f) => f.name.includes('preview'))),
    );
    // The click's notice was opened at once and then said where the preview went.
    await until('the notice', () =>
      h.emulator.callsTo('views.update').find((c) => JSON.stringify(c.args).includes('is in your DM')),
    );

    await h.slack.blockAction({
      userId: h.staffId,
      actionId: 'home_export',
      value: '1',
      view: { id: home.id },
    });
    const exported = await until('the campaign export', () =>
      h.emulator
        .messagesTo(h.staffId)
        .find((m) => (m.files ?? []).some((f) => f.name.includes('campaign-1'))),
    );
    expect(exported.files).toHaveLength(3);

    // Someone who is not staff pressing the same button gets nothing.
    await h.slack.blockAction({
      userId: h.memberId,
      actionId: 'home_export',
      value: '1',
      view: { id: home.id },
    });
    await until('the refusal', () =>
      h.emulator
        .callsTo('views.open')
        .find((c) => JSON.stringify(c.args).includes('Exports are for the OSPO team')),
    );
    expect(h.emulator.messagesTo(h.memberId).filter((m) => m.files?.length)).toHaveLength(0);
  });
});

describe('the weekly digest, when the app was down at the time', () => {
  // Wednesday 11 March 2026: Monday's digest never went out.
  const clock = restartableClock(new Date('2026-03-11T12:00:00Z'), 1);
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ clock, background: false });
    seedOrganisation(h, '2026-03-01T10:00:00.000Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('posts the missed week as soon as it is back, marked late, once', async () => {
    await h.restartBot({ background: true });
    await until(
      'the late digest',
      () => digestMessages(h).length === 1 && pictureMessages(h).length === 1,
      20_000,
    );
    expect(JSON.stringify(digestMessages(h)[0]!.blocks)).toContain('posted late');
    expect(findDigest(h.db, '2026-W11')).toMatchObject({ state: 'posted', late: true });

    await h.restartBot({ background: true });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(digestMessages(h)).toHaveLength(1);
    expect(pictureMessages(h)).toHaveLength(1);
  });

  it('finishes a post whose picture failed, on retry, without posting the message twice', async () => {
    // Next week's digest, with Slack refusing the first attempt to share the picture.
    h.db.prepare(`DELETE FROM digests`).run();
    h.db.prepare(`DELETE FROM messages WHERE key LIKE 'digest-%'`).run();
    h.emulator.reset();
    h.emulator.failNext('files.completeUploadExternal', { count: 1 });
    const job = await h.ctx.queues.digest.add('catch-up', {
      kind: 'catch-up',
      occurrence: '2026-03-09T09:00:00.000Z',
    });
    await until('the retried post to finish', () => pictureMessages(h).length === 1, 30_000);
    await finished(job);
    const completes = h.emulator.callsTo('files.completeUploadExternal').map((c) => c.status);
    expect(completes[0]).toBeGreaterThanOrEqual(500);
    expect(completes.filter((s) => s === 200)).toHaveLength(1);
    expect(digestMessages(h)).toHaveLength(1);
    expect(pictureMessages(h)).toHaveLength(1);
    expect(h.emulator.callsTo('chat.postMessage').filter((c) => c.status === 200)).toHaveLength(1);
    expect(findDigest(h.db, '2026-W11')?.state).toBe('posted');
  });
});
