import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/store/audit.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { seedCampaign, seedInterview, seedPerson, whereIsMentioned } from './seed.js';

let h: Harness;
let other: string;
let third: string;

beforeAll(async () => {
  h = await startHarness({ background: false });
  const people = h.workspace.humanIds.filter((id) => !h.workspace.staffIds.includes(id) && id !== h.memberId);
  other = people[0]!;
  third = people[1]!;
});
afterAll(() => h?.stop());

beforeEach(() => {
  for (const t of ['audit_log', 'interviews', 'campaigns', 'people', 'messages', 'digests'])
    h.db.exec(`DELETE FROM ${t}`);
});

interface Reply {
  text?: string;
  blocks?: KnownBlock[];
  response_type?: string;
  replace_original?: boolean;
}

/** The next response_url answer after `from` calls. */
async function replyAfter(from: number): Promise<Reply> {
  const call = await h.emulator.waitFor((c) => c.method === 'response_url' && c.seq >= from);
  return call.args as Reply;
}

async function command(userId: string, text: string): Promise<Reply> {
  const from = h.emulator.calls.length;
  const res = await h.slack.command({ userId, text });
  expect(res.status).toBe(200);
  return replyAfter(from);
}

async function click(userId: string, shown: Reply, actionId: string, value?: string): Promise<Reply> {
  const from = h.emulator.calls.length;
  const res = await h.slack.blockAction({
    userId,
    actionId,
    ...(value !== undefined ? { value } : {}),
    message: {
      ts: '1700000000.000100',
      channel: h.emulator.workspace.dmIdFor(userId) ?? userId,
      blocks: shown.blocks ?? [],
    },
  });
  expect(res.status).toBe(200);
  return replyAfter(from);
}

function seedMember() {
  const campaignId = seedCampaign(h.db, h.staffId);
  seedPerson(h.db, h.memberId, 'member');
  seedPerson(h.db, other, 'other');
  const mine = seedInterview(h.db, {
    campaignId,
    userId: h.memberId,
    answers: [
      { questionId: 'q1', text: 'Our managers ignore licence risk entirely' },
      { questionId: 'q2', text: 'I contribute upstream on weekends' },
    ],
    tagged: true,
    draft: true,
    dmChannel: 'D0MEMBERDM',
  });
  const theirs = seedInterview(h.db, {
    campaignId,
    userId: other,
    interviewerId: h.memberId,
    answers: [{ questionId: 'q1', text: 'Security reviews are slow' }],
    tagged: true,
  });
  h.db
    .prepare(
      `INSERT INTO messages (key, channel, ts, state, claimed_at) VALUES (?, 'D0MEMBERDM', '1.0', 'sent', '2026-01-01')`,
    )
    .run(`invite-${mine.interviewId}`);
  h.db
    .prepare(`INSERT INTO digests (week, state, summary_json) VALUES ('2026-W02', 'posted', ?)`)
    .run(JSON.stringify({ motivators: { compliance: 2 }, respondents: 2 }));
  return { campaignId, mine, theirs };
}

const count = (sql: string, ...params: unknown[]) =>
  h.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

describe('/ospo-survey forget, for oneself', () => {
  it('asks first, saying what will go, and erases nothing until confirmed', async () => {
    seedMember();
    const shown = await command(h.memberId, 'forget');
    const text = JSON.stringify(shown.blocks);
    expect(shown.response_type).toBe('ephemeral');
    expect(text).toContain('1 interview with 2 answers, 4 tags, 1 unfinished draft');
    expect(text).toContain('privacy_forget_confirm');
    expect(count('SELECT count(*) FROM interviews WHERE user_id = ?', h.memberId)).toBe(1);
  });

  it('on confirmation erases answers, tags, drafts, profile and interviewer mentions, and nothing of anyone else', async () => {
    const { theirs } = seedMember();
    const shown = await command(h.memberId, 'forget');
    const clickedAt = h.emulator.calls.length;
    const receipt = await click(h.memberId, shown, 'privacy_forget_confirm');
    expect(receipt.replace_original).toBe(true);
    expect(receipt.text).toMatch(/Erased your data at .*1 interview with 2 answers/);

    expect(whereIsMentioned(h.db, h.memberId)).toEqual([]);
    // The Home Slack shows them is published again, without their answers.
    const home = await h.emulator.waitFor(
      (c) => c.seq >= clickedAt && c.method === 'views.publish' && c.args.user_id === h.memberId,
    );
    expect(JSON.stringify(home.args.view)).not.toContain('licence risk');
    expect(count('SELECT count(*) FROM answers WHERE text LIKE ?', '%licence risk%')).toBe(0);
    expect(count('SELECT count(*) FROM drafts')).toBe(0);
    expect(count("SELECT count(*) FROM messages WHERE channel = 'D0MEMBERDM'")).toBe(0);
    // The other person's interview keeps their answers and tags; only the interviewer's name went.
    expect(count('SELECT count(*) FROM answers WHERE interview_id = ?', theirs.interviewId)).toBe(1);
    expect(count('SELECT count(*) FROM tags')).toBe(2);
    expect(count('SELECT interviewer_id IS NULL FROM interviews WHERE id = ?', theirs.interviewId)).toBe(1);
    // Posted aggregates stay.
    expect(count("SELECT count(*) FROM digests WHERE summary_json LIKE '%compliance%'")).toBe(1);
    // The erasure is on record, without the ID of the person who asked for it.
    const audit = h.db.prepare("SELECT actor, target FROM audit_log WHERE action = 'person.forget'").all();
    expect(audit).toEqual([{ actor: 'self', target: null }]);
  });

  it('a second click (or a replayed one) finds it done: same receipt wording, one audit entry, nothing sent', async () => {
    seedMember();
    const shown = await command(h.memberId, 'forget');
    const posts = h.emulator.callsTo('chat.postMessage').length;
    await click(h.memberId, shown, 'privacy_forget_confirm');
    const again = await click(h.memberId, shown, 'privacy_forget_confirm');
    expect(again.text).toContain('already erased');
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'person.forget'")).toBe(1);
    expect(h.emulator.callsTo('chat.postMessage')).toHaveLength(posts);
  });

  it('Keep everything leaves the data as it was', async () => {
    seedMember();
    const shown = await command(h.memberId, 'forget');
    const answer = await click(h.memberId, shown, 'privacy_forget_cancel');
    expect(answer.text).toContain('nothing was erased');
    expect(count('SELECT count(*) FROM answers')).toBe(3);
  });

  it('tells someone the app knows nothing about that there is nothing to erase', async () => {
    const reply = await command(third, 'forget');
    expect(reply.text).toContain('I hold nothing about you');
    expect(reply.blocks).toBeUndefined();
  });

  it('removes the queued invitations, reminders and tagging jobs of the erased interviews, not others', async () => {
    const { mine, theirs } = seedMember();
    const q = h.ctx.queues;
    await q.interviews.add(
      'remind',
      { interviewId: mine.interviewId },
      { jobId: `remind-${mine.interviewId}-1`, delay: 3600_000 },
    );
    await q.interviews.add(
      'expire',
      { interviewId: mine.interviewId },
      { jobId: `expire-${mine.interviewId}`, delay: 3600_000 },
    );
    await q.tagging.add(
      'tag',
      { interviewId: mine.interviewId },
      { jobId: `tag-${mine.interviewId}-v1`, delay: 3600_000 },
    );
    await q.interviews.add(
      'remind',
      { interviewId: theirs.interviewId },
      { jobId: `remind-${theirs.interviewId}-1`, delay: 3600_000 },
    );
    const shown = await command(h.memberId, 'forget');
    await click(h.memberId, shown, 'privacy_forget_confirm');
    expect(await q.interviews.getJob(`remind-${mine.interviewId}-1`)).toBeUndefined();
    expect(await q.interviews.getJob(`expire-${mine.interviewId}`)).toBeUndefined();
    expect(await q.tagging.getJob(`tag-${mine.interviewId}-v1`)).toBeUndefined();
    expect(await q.interviews.getJob(`remind-${theirs.interviewId}-1`)).toBeDefined();
    await q.interviews.remove(`remind-${theirs.interviewId}-1`);
  });
});

describe('/ospo-survey forget @person, for staff', () => {
  it('erases the named person after confirmation, audits who did it for whom, and tells the person once', async () => {
    seedMember();
    const shown = await command(h.staffId, `forget <@${h.memberId}|member>`);
    expect(JSON.stringify(shown.blocks)).toContain(`<@${h.memberId}>'s data`);
    const posts = () => h.emulator.callsTo('chat.postMessage').filter((c) => c.args.channel === h.memberId);
    const before = posts().length;
    const receipt = await click(h.staffId, shown, 'privacy_forget_confirm');
    expect(receipt.text).toContain(`Erased <@${h.memberId}>'s data`);
    await click(h.staffId, shown, 'privacy_forget_confirm');
    await h.emulator.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === h.memberId);
    await new Promise((r) => setTimeout(r, 200));
    expect(posts().length - before).toBe(1);
    expect(String(posts().at(-1)!.args.text)).toContain(`<@${h.staffId}> from the OSPO has erased`);
    expect(count('SELECT count(*) FROM interviews WHERE user_id = ?', h.memberId)).toBe(0);
    const audit = h.db
      .prepare("SELECT actor, target, at FROM audit_log WHERE action = 'person.forget'")
      .all() as {
      actor: string;
      target: string;
      at: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: h.staffId, target: `user:${h.memberId}` });
    expect(Date.now() - Date.parse(audit[0]!.at)).toBeLessThan(60_000);
  });

  it('accepts a bare user ID too, and refuses text that names nobody', async () => {
    seedMember();
    const shown = await command(h.staffId, `forget ${h.memberId}`);
    expect(JSON.stringify(shown.blocks)).toContain('privacy_forget_confirm');
    const vague = await command(h.staffId, 'forget @member');
    expect(vague.text).toContain('Name one person');
    const channel = await command(h.staffId, 'forget <!channel>');
    expect(channel.text).toContain('Name one person');
  });

  it('refuses a non-staff member who names someone else, and erases nothing', async () => {
    seedMember();
    const reply = await command(h.memberId, `forget <@${other}>`);
    expect(reply.text).toContain('Only the OSPO team can erase someone');
    expect(count('SELECT count(*) FROM interviews WHERE user_id = ?', other)).toBe(1);
  });

  it('refuses a forged button naming someone else when the clicker is not staff', async () => {
    seedMember();
    const shown = await command(h.memberId, 'forget');
    const reply = await click(h.memberId, shown, 'privacy_forget_confirm', other);
    expect(reply.text).toContain('Only the OSPO team');
    expect(count('SELECT count(*) FROM interviews WHERE user_id = ?', other)).toBe(1);
    expect(count('SELECT count(*) FROM interviews WHERE user_id = ?', h.memberId)).toBe(1);
  });

  it('refuses a button whose value is not a user ID', async () => {
    seedMember();
    const shown = await command(h.memberId, 'forget');
    const reply = await click(h.memberId, shown, 'privacy_forget_confirm', "U1' OR 1=1 --");
    expect(reply.text).toContain('not valid any more');
    expect(count('SELECT count(*) FROM interviews')).toBe(2);
  });
});

describe('/ospo-survey audit', () => {
  it('shows staff the latest entries, newest first, with who and when, escaped', async () => {
    recordAudit(h.db, {
      actor: h.staffId,
      action: 'campaign.create',
      target: 'campaign:1',
      detail: { name: 'Q3 <!channel> *now*' },
    });
    recordAudit(h.db, { actor: h.staffId, action: 'campaign.close', target: 'campaign:1' });
    const reply = await command(h.staffId, 'audit');
    const text = JSON.stringify(reply.blocks);
    expect(text.indexOf('campaign.close')).toBeLessThan(text.indexOf('campaign.create'));
    expect(text).toContain(`<@${h.staffId}>`);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).toMatch(/<!date\^\d+\^/);
  });

  it('keeps a long log within Slack’s 50 blocks and says how to ask for a count', async () => {
    for (let i = 0; i < 150; i++)
      recordAudit(h.db, { actor: 'system', action: 'retention.sweep', detail: { i } });
    const reply = await command(h.staffId, 'audit 1000');
    expect(reply.blocks!.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(reply.blocks)).toContain('latest 100 entries');
    const bad = await command(h.staffId, 'audit lots');
    expect(bad.text).toContain('Give a number');
  });

  it('is refused to anyone who is not staff', async () => {
    recordAudit(h.db, { actor: h.staffId, action: 'campaign.create', target: 'campaign:1' });
    const reply = await command(h.memberId, 'audit');
    expect(reply.text).toContain('is for the OSPO team');
  });
});
