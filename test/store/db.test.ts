import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, readMigrations } from '../../src/store/db.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ospo-db-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function schemaOf(db: ReturnType<typeof openDatabase>): string[] {
  return db
    .prepare(
      `SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name`,
    )
    .pluck()
    .all() as string[];
}

describe('openDatabase', () => {
  it('creates the file in WAL mode with foreign keys on', () => {
    const db = openDatabase(join(tempDir(), 'nested', 'ospo.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('applies migrations once: opening twice leaves one schema and one record per migration', () => {
    const path = join(tempDir(), 'ospo.db');
    const first = openDatabase(path);
    const schema = schemaOf(first);
    first.close();
    const second = openDatabase(path);
    expect(schemaOf(second)).toEqual(schema);
    const versions = second.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(
      readMigrations(join(import.meta.dirname, '../../src/store/migrations')).map((m) => m.version),
    );
    expect(migrate(second)).toEqual([]);
    second.close();
  });

  it('applies new migrations in number order and leaves the database at the last good one when one fails', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '002_second.sql'), 'CREATE TABLE second (id INTEGER);');
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE first (id INTEGER);');
    writeFileSync(
      join(dir, '003_broken.sql'),
      'CREATE TABLE third (id INTEGER); INSERT INTO nowhere VALUES (1);',
    );
    const mem = new Database(':memory:');
    expect(() => migrate(mem, dir)).toThrow(/no such table: nowhere/);
    expect(mem.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([
      1, 2,
    ]);
    expect(mem.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'third'`).pluck().get()).toBe(0);
    mem.close();
  });

  it('cascades: deleting a campaign removes its interviews, answers and tags', () => {
    const db = openDatabase(':memory:');
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO campaigns (id, name, created_by, created_at, start_date, due_date) VALUES (1, 'c', 'U1', ?, '2026-12-01', '2026-12-20')`,
    ).run(now);
    db.prepare(
      `INSERT INTO interviews (id, campaign_id, user_id, audience) VALUES (1, 1, 'U2', 'manager')`,
    ).run();
    db.prepare(
      `INSERT INTO answers (id, interview_id, question_id, question, text, answered_at) VALUES (1, 1, 'q', 'Q?', 'a', ?)`,
    ).run(now);
    db.prepare(
      `INSERT INTO tags (answer_id, kind, label, confidence, source, taxonomy_version, created_at) VALUES (1, 'petal', 'legal', 0.9, 'auto', '1', ?)`,
    ).run(now);
    db.prepare('DELETE FROM campaigns WHERE id = 1').run();
    for (const table of ['interviews', 'answers', 'tags']) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    }
    db.close();
  });
});
