import { type CampaignSettings, parseCampaignSettings } from '../interviews/campaignSettings.js';
import type { Db } from './db.js';

export interface CampaignRecord {
  id: number;
  name: string;
  createdBy: string;
  createdAt: string;
  startDate: string;
  dueDate: string;
  settings: CampaignSettings;
  status: 'open' | 'closed';
  closedAt: string | null;
  source: 'slack' | 'import';
}

export interface NewCampaign {
  name: string;
  createdBy: string;
  createdAt: Date;
  startDate: string;
  dueDate: string;
  settings: CampaignSettings;
  /** Makes creation idempotent: a second insert with the same key returns the first campaign. */
  requestKey?: string;
}

/** Interviews per status; `total` excludes nobody (removed ones included) so the parts add up. */
export interface CampaignCounts {
  scheduled: number;
  invited: number;
  answered: number;
  declined: number;
  expired: number;
  removed: number;
  total: number;
}

const SELECT = `SELECT id, name, created_by AS createdBy, created_at AS createdAt, start_date AS startDate,
  due_date AS dueDate, settings_json AS settings, status, closed_at AS closedAt, source FROM campaigns`;

type Row = Omit<CampaignRecord, 'settings'> & { settings: string };

function toRecord(r: Row): CampaignRecord {
  return { ...r, settings: parseCampaignSettings(r.settings) };
}

/** Inserts the campaign, or finds the one an earlier delivery of the same request created. */
export function insertCampaign(db: Db, c: NewCampaign): { id: number; created: boolean } {
  const res = db
    .prepare(
      `INSERT INTO campaigns (name, created_by, created_at, start_date, due_date, settings_json, request_key)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .run(
      c.name,
      c.createdBy,
      c.createdAt.toISOString(),
      c.startDate,
      c.dueDate,
      JSON.stringify(c.settings),
      c.requestKey ?? null,
    );
  if (res.changes === 1) return { id: Number(res.lastInsertRowid), created: true };
  const id = db
    .prepare('SELECT id FROM campaigns WHERE request_key = ?')
    .pluck()
    .get(c.requestKey ?? null) as number | undefined;
  if (id === undefined) throw new Error('campaign insert ignored without an earlier request to match');
  return { id, created: false };
}

export function getCampaign(db: Db, id: number): CampaignRecord | undefined {
  const row = db.prepare(`${SELECT} WHERE id = ?`).get(id) as Row | undefined;
  return row && toRecord(row);
}

/** Newest first. */
export function listCampaigns(db: Db, filter: { status?: 'open' | 'closed' } = {}): CampaignRecord[] {
  const rows = db
    .prepare(`${SELECT} WHERE (@status IS NULL OR status = @status) ORDER BY id DESC`)
    .all({ status: filter.status ?? null }) as Row[];
  return rows.map(toRecord);
}

/**
 * Campaigns a staff member may mean by `ref`: '12' or '#12' is an id; anything else a name, matched whole and
 * case-insensitively, else as the start of names. Several matches are returned so the caller can ask which.
 */
export function findCampaigns(db: Db, ref: string): CampaignRecord[] {
  const text = ref.trim();
  if (!text) return [];
  const idMatch = /^#?(\d{1,12})$/.exec(text);
  if (idMatch) {
    const byId = getCampaign(db, Number(idMatch[1]));
    if (byId) return [byId];
  }
  const exact = db.prepare(`${SELECT} WHERE name = ? COLLATE NOCASE ORDER BY id DESC`).all(text) as Row[];
  if (exact.length > 0) return exact.map(toRecord);
  const escaped = text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  const prefix = db
    .prepare(`${SELECT} WHERE name LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT 10`)
    .all(`${escaped}%`) as Row[];
  return prefix.map(toRecord);
}

/** True when an open campaign already has this name (case-insensitive): names are how staff pick campaigns. */
export function isOpenCampaignName(db: Db, name: string): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM campaigns WHERE status = 'open' AND name = ? COLLATE NOCASE`)
      .get(name.trim()) !== undefined
  );
}

/** Closes an open campaign; false when it was already closed (a second `close` changes nothing). */
export function closeCampaign(db: Db, id: number, at: Date): boolean {
  const res = db
    .prepare(`UPDATE campaigns SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'`)
    .run(at.toISOString(), id);
  return res.changes === 1;
}

export function campaignCounts(db: Db, id: number): CampaignCounts {
  const rows = db
    .prepare('SELECT status, count(*) AS n FROM interviews WHERE campaign_id = ? GROUP BY status')
    .all(id) as { status: keyof CampaignCounts; n: number }[];
  const counts: CampaignCounts = {
    scheduled: 0,
    invited: 0,
    answered: 0,
    declined: 0,
    expired: 0,
    removed: 0,
    total: 0,
  };
  for (const r of rows) {
    counts[r.status] = r.n;
    counts.total += r.n;
  }
  return counts;
}

/** The campaign an earlier delivery of the same submission created, if any. */
export function findCampaignByRequestKey(db: Db, requestKey: string): CampaignRecord | undefined {
  const row = db.prepare(`${SELECT} WHERE request_key = ?`).get(requestKey) as Row | undefined;
  return row && toRecord(row);
}
