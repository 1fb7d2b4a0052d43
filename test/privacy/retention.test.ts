import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivacyBackground } from '../../src/privacy/worker.js';
import { manualClock } from '../../src/schedule/clock.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { seedCampaign, seedInterview } from './seed.js';

const clock = manualClock(new Date('2026-03-01T12:00:00.000Z'));
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ background: false, clock, env: { OSPO_RETENTION_DAYS: '30' } });
});
afterAll(() => h?.stop());

const rows = <T>(sql: string, ...p: unknown[]) => h.db.prepare(sql).all(...p) as T[];

describe('OSPO_RETENTION_DAYS', () => {
  it('erases answer text and quoted evidence past the period, keeps tags for counts, keeps recent answers', async () => {
    const campaignId = seedCampaign(h.db, h.staffId);
    const old = seedInterview(h.db, {
      campaignId,
      userId: h.memberId,
      answers: [
        {
          questionId: 'q1',
          text: 'Legal blocks every contribution we try',
          answeredAt: '2026-01-20T10:00:00.000Z',
        },
      ],
      tagged: true,
    });
    const recent = seedInterview(h.db, {
      campaignId,
      userId: h.staffId,
      answers: [
        {
          questionId: 'q1',
          text: 'We sponsor two upstream maintainers',
          answeredAt: '2026-02-20T10:00:00.000Z',
        },
      ],
      tagged: true,
    });
    h.db
      .prepare(
        `INSERT INTO drafts (interview_id, values_json, updated_at) VALUES (?, '{"q2":"typed long ago"}', '2026-01-02T00:00:00.000Z')`,
      )
      .run(recent.interviewId);

    const background = await startPrivacyBackground(h.ctx, { intervalMs: 60_000 });
    await background.close();

    const [oldAnswer] = rows<{ text: string | null }>(
      'SELECT text FROM answers WHERE interview_id = ?',
      old.interviewId,
    );
    expect(oldAnswer!.text).toBeNull();
    const oldTags = rows<{ label: string; evidence_json: string }>(
      'SELECT label, evidence_json FROM tags WHERE answer_id = ? ORDER BY label',
      old.answerIds[0],
    );
    expect(oldTags.map((t) => t.label)).toEqual(['compliance', 'legal']);
    for (const t of oldTags) {
      expect(t.evidence_json).not.toContain('Legal blocks');
      expect(JSON.parse(t.evidence_json)).toEqual([{ type: 'words', signal: 'licence' }]);
    }
    const [recentAnswer] = rows<{ text: string }>(
      'SELECT text FROM answers WHERE interview_id = ?',
      recent.interviewId,
    );
    expect(recentAnswer!.text).toBe('We sponsor two upstream maintainers');
    expect(rows('SELECT 1 FROM tags WHERE evidence_json LIKE ?', '%We sponsor%')).toHaveLength(2);
    expect(rows('SELECT 1 FROM drafts')).toHaveLength(0);
    const audit = rows<{ actor: string; detail_json: string }>(
      "SELECT actor, detail_json FROM audit_log WHERE action = 'retention.sweep'",
    );
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({
      answers: 1,
      tags: 2,
      drafts: 1,
      retentionDays: 30,
    });
  });

  it('takes later answers as time passes, and an idle pass records nothing', async () => {
    const background = await startPrivacyBackground(h.ctx, { intervalMs: 60_000 });
    await background.close();
    expect(rows("SELECT 1 FROM audit_log WHERE action = 'retention.sweep'")).toHaveLength(1);

    clock.advance(25 * 24 * 3600_000);
    const again = await startPrivacyBackground(h.ctx, { intervalMs: 60_000 });
    await again.close();
    expect(rows('SELECT 1 FROM answers WHERE text IS NOT NULL')).toHaveLength(0);
    expect(rows('SELECT 1 FROM tags')).toHaveLength(4);
    expect(rows("SELECT 1 FROM audit_log WHERE action = 'retention.sweep'")).toHaveLength(2);
  });

  it('sweeps again by itself on its interval', async () => {
    const campaignId = seedCampaign(h.db, h.staffId, 'later');
    const background = await startPrivacyBackground(h.ctx, { intervalMs: 50 });
    seedInterview(h.db, {
      campaignId,
      userId: h.memberId,
      answers: [
        { questionId: 'q9', text: 'Old words arriving late', answeredAt: '2025-06-01T00:00:00.000Z' },
      ],
    });
    await expect
      .poll(() => rows('SELECT 1 FROM answers WHERE text IS NOT NULL'), { timeout: 3000 })
      .toHaveLength(0);
    await background.close();
  });
});
