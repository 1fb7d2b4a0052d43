import type { Db } from './db.js';

export interface AuditEntry {
  /** Who did it: a Slack user ID, or 'system' for the app's own moves. */
  actor: string;
  /** A short verb-noun such as 'campaign.create', 'campaign.close', 'campaign.remind'. */
  action: string;
  /** What it was done to, e.g. 'campaign:12'. */
  target?: string | null;
  /** Small facts worth keeping with it (counts, names); never answer text. */
  detail?: Record<string, unknown>;
  /** Default: the wall clock. Pass the app clock where one is at hand. */
  at?: Date;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

/** Records a staff action, so that who started, nudged or closed what can be answered later. */
export function recordAudit(db: Db, entry: AuditEntry): number {
  const res = db
    .prepare('INSERT INTO audit_log (at, actor, action, target, detail_json) VALUES (?, ?, ?, ?, ?)')
    .run(
      (entry.at ?? new Date()).toISOString(),
      entry.actor,
      entry.action,
      entry.target ?? null,
      JSON.stringify(entry.detail ?? {}),
    );
  return Number(res.lastInsertRowid);
}

/** Newest first. */
export function listAudit(
  db: Db,
  filter: { action?: string; target?: string } = {},
  limit = 100,
): AuditRecord[] {
  const rows = db
    .prepare(
      `SELECT id, at, actor, action, target, detail_json AS detail FROM audit_log
        WHERE (@action IS NULL OR action = @action) AND (@target IS NULL OR target = @target)
        ORDER BY id DESC LIMIT @limit`,
    )
    .all({ action: filter.action ?? null, target: filter.target ?? null, limit }) as (Omit<
    AuditRecord,
    'detail'
  > & {
    detail: string;
  })[];
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
