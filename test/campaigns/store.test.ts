import { beforeEach, describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '../../src/interviews/campaignSettings.js';
import { listAudit, recordAudit } from '../../src/store/audit.js';
import {
  campaignCounts,
  closeCampaign,
  findCampaigns,
  getCampaign,
  insertCampaign,
  isOpenCampaignName,
} from '../../src/store/campaigns.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import {
  claimNudge,
  expireUnanswered,
  getScheduledInterview,
  insertInterviews,
  listLiveInterviews,
  markExpired,
  markInvited,
  markRemoved,
  recordReminder,
  upcomingSends,
} from '../../src/store/interviews.js';
import { getPeople, upsertPeople } from '../../src/store/people.js';

let db: Db;
const at = new Date('2026-03-02T09:00:00Z');

function campaign(name = 'Spring round', requestKey?: string) {
  return insertCampaign(db, {
    name,
    createdBy: 'U0STAFF',
    createdAt: at,
    startDate: '2026-03-02',
    dueDate: '2026-03-13',
    settings: defaultCampaignSettings('Europe/Berlin'),
    ...(requestKey ? { requestKey } : {}),
  }).id;
}

function people(campaignId: number, ids: string[]) {
  insertInterviews(
    db,
    campaignId,
    ids.map((userId, i) => ({
      userId,
      audience: 'contributor',
      interviewerId: null,
      tz: 'UTC',
      inviteAt: new Date(at.getTime() + i * 3_600_000),
      expireAt: new Date('2026-03-14T00:00:00Z'),
    })),
  );
  return db
    .prepare('SELECT id FROM interviews WHERE campaign_id = ? ORDER BY id')
    .pluck()
    .all(campaignId) as number[];
}

beforeEach(() => {
  db = openDatabase(':memory:');
});

describe('campaigns', () => {
  it('creates a campaign once per request, however often the request arrives', () => {
    const first = insertCampaign(db, {
      name: 'Q2',
      createdBy: 'U1',
      createdAt: at,
      startDate: '2026-04-01',
      dueDate: '2026-04-30',
      settings: defaultCampaignSettings(),
      requestKey: 'V123',
    });
    const again = insertCampaign(db, {
      name: 'Q2',
      createdBy: 'U1',
      createdAt: at,
      startDate: '2026-04-01',
      dueDate: '2026-04-30',
      settings: defaultCampaignSettings(),
      requestKey: 'V123',
    });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    expect(db.prepare('SELECT count(*) FROM campaigns').pluck().get()).toBe(1);
    expect(getCampaign(db, first.id)?.settings.pattern.sendAt).toBe('10:00');
  });

  it('finds a campaign by id, #id, whole name in any case, or the start of a name', () => {
    const a = campaign('Legal and security leads');
    const b = campaign('Platform engineers');
    expect(findCampaigns(db, String(a)).map((c) => c.id)).toEqual([a]);
    expect(findCampaigns(db, `#${b}`).map((c) => c.id)).toEqual([b]);
    expect(findCampaigns(db, 'platform ENGINEERS').map((c) => c.id)).toEqual([b]);
    expect(findCampaigns(db, 'Legal').map((c) => c.id)).toEqual([a]);
    expect(findCampaigns(db, '%')).toEqual([]);
    expect(isOpenCampaignName(db, ' legal and security leads ')).toBe(true);
  });

  it('counts interviews by status and closes once', () => {
    const c = campaign();
    const [i1, i2, i3] = people(c, ['U1', 'U2', 'U3']);
    markInvited(db, i1!, { at, channel: 'D1', ts: '1.1', remindAt: null });
    markExpired(db, i2!, at);
    expect(campaignCounts(db, c)).toMatchObject({ scheduled: 1, invited: 1, expired: 1, total: 3 });
    expect(closeCampaign(db, c, at)).toBe(true);
    expect(closeCampaign(db, c, at)).toBe(false);
    expect(isOpenCampaignName(db, 'Spring round')).toBe(false);
    expect(getScheduledInterview(db, i3!)?.campaignStatus).toBe('closed');
  });
});

describe('interviews', () => {
  it('adds a person once per campaign', () => {
    const c = campaign();
    people(c, ['U1', 'U2']);
    expect(people(c, ['U2', 'U3'])).toHaveLength(3);
  });

  it('moves status only from the status it expects, so retries change nothing', () => {
    const c = campaign();
    const [id] = people(c, ['U1']);
    expect(
      markInvited(db, id!, { at, channel: 'D1', ts: '1.1', remindAt: new Date('2026-03-05T10:00:00Z') }),
    ).toBe(true);
    expect(markInvited(db, id!, { at, channel: 'D1', ts: '9.9', remindAt: null })).toBe(false);
    expect(getScheduledInterview(db, id!)).toMatchObject({
      status: 'invited',
      dmTs: '1.1',
      remindAt: '2026-03-05T10:00:00.000Z',
    });
    expect(recordReminder(db, id!, 1, at, null)).toBe(true);
    expect(recordReminder(db, id!, 1, at, null)).toBe(false);
    expect(recordReminder(db, id!, 3, at, null)).toBe(false);
    expect(getScheduledInterview(db, id!)?.remindersSent).toBe(1);
    db.prepare(`UPDATE interviews SET status = 'answered' WHERE id = ?`).run(id);
    expect(markExpired(db, id!, at)).toBe(false);
  });

  it('removes an unreachable person once, and never someone who answered', () => {
    const c = campaign();
    const [id, done] = people(c, ['U1', 'U2']);
    markInvited(db, id!, { at, channel: 'D1', ts: '1.1', remindAt: new Date('2026-03-05T10:00:00Z') });
    expect(markRemoved(db, id!, at)).toBe(true);
    expect(markRemoved(db, id!, at)).toBe(false);
    expect(markExpired(db, id!, at)).toBe(false);
    expect(getScheduledInterview(db, id!)).toMatchObject({ status: 'removed', remindAt: null });
    db.prepare(`UPDATE interviews SET status = 'answered' WHERE id = ?`).run(done);
    expect(markRemoved(db, done!, at)).toBe(false);
    expect(getScheduledInterview(db, done!)?.status).toBe('answered');
  });

  it('allows one staff nudge per person per local day', () => {
    const c = campaign();
    const [id] = people(c, ['U1']);
    expect(claimNudge(db, id!, '2026-03-03')).toBe(false); // not invited yet
    markInvited(db, id!, { at, channel: 'D1', ts: '1.1', remindAt: null });
    expect(claimNudge(db, id!, '2026-03-03')).toBe(true);
    expect(claimNudge(db, id!, '2026-03-03')).toBe(false);
    expect(claimNudge(db, id!, '2026-03-04')).toBe(true);
  });

  it('expires only the unanswered when a campaign closes, and lists what still needs jobs', () => {
    const c = campaign();
    const [a, b, d] = people(c, ['U1', 'U2', 'U3']);
    markInvited(db, b!, { at, channel: 'D2', ts: '2.2', remindAt: null });
    db.prepare(`UPDATE interviews SET status = 'answered' WHERE id = ?`).run(d);
    expect(listLiveInterviews(db).map((i) => i.id)).toEqual([a, b]);
    expect(expireUnanswered(db, c, at)).toEqual([a, b]);
    expect(campaignCounts(db, c)).toMatchObject({ expired: 2, answered: 1 });
  });

  it('shows the next sends grouped by minute', () => {
    const c = campaign();
    insertInterviews(db, c, [
      {
        userId: 'U1',
        audience: 'manager',
        interviewerId: null,
        tz: 'UTC',
        inviteAt: new Date('2026-03-02T10:00:00Z'),
        expireAt: at,
      },
      {
        userId: 'U2',
        audience: 'manager',
        interviewerId: null,
        tz: 'UTC',
        inviteAt: new Date('2026-03-02T10:00:30Z'),
        expireAt: at,
      },
      {
        userId: 'U3',
        audience: 'manager',
        interviewerId: null,
        tz: 'UTC',
        inviteAt: new Date('2026-03-02T15:00:00Z'),
        expireAt: at,
      },
    ]);
    expect(upcomingSends(db, c)).toEqual([
      { kind: 'invitation', at: '2026-03-02T10:00', count: 2 },
      { kind: 'invitation', at: '2026-03-02T15:00', count: 1 },
    ]);
  });
});

describe('people and audit', () => {
  it('caches what Slack says about people and updates it', () => {
    upsertPeople(
      db,
      [{ userId: 'U1', name: 'ada', realName: 'Ada', tz: 'Europe/London', isBot: false, deleted: false }],
      at,
    );
    upsertPeople(
      db,
      [{ userId: 'U1', name: 'ada', realName: 'Ada', tz: 'Asia/Tokyo', isBot: false, deleted: true }],
      at,
    );
    const got = getPeople(db, ['U1', 'U2']);
    expect(got.size).toBe(1);
    expect(got.get('U1')).toMatchObject({ tz: 'Asia/Tokyo', deleted: true });
  });

  it('records staff actions with their details', () => {
    recordAudit(db, {
      actor: 'U1',
      action: 'campaign.create',
      target: 'campaign:1',
      detail: { invited: 3 },
      at,
    });
    expect(listAudit(db, { action: 'campaign.create' })).toEqual([
      {
        id: 1,
        at: at.toISOString(),
        actor: 'U1',
        action: 'campaign.create',
        target: 'campaign:1',
        detail: { invited: 3 },
      },
    ]);
  });
});
