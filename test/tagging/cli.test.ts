import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';

/** The command-line tagger as an operator runs it: a real process, stdin in, stdout and stderr out. */

const tmp = mkdtempSync(path.join(tmpdir(), 'tagging-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runTag(args: string[], stdin = '', env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/tagging/cli.ts', ...args], {
      env: { ...process.env, DATABASE_PATH: path.join(tmp, 'absent.db'), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('npm run tag', () => {
  it('writes one JSON line per good input line, and reports malformed lines by number without stopping', async () => {
    const input = [
      JSON.stringify({
        id: 'a1',
        text: "We don't contribute back; the CLA scares legal.",
        audience: 'manager',
      }),
      '{"id": 2, "text": "unterminated',
      '',
      JSON.stringify({ id: 3 }),
      JSON.stringify({ id: 4, text: 'We keep an SBOM for every release.', audience: 'ceo' }),
      JSON.stringify([1, 2]),
      JSON.stringify({
        id: 5,
        text: 'I maintain a library and mentor newcomers.',
        audience: 'contributor',
        petal: 'ecosystem',
      }),
    ].join('\n');
    const r = await runTag([], input);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a1', 5]);
    const [first, second] = lines;
    expect(first.petals.map((p: { id: string }) => p.id)).toEqual(
      expect.arrayContaining(['legal', 'management']),
    );
    expect(first.stage.id).not.toBe('stage-2');
    expect(first.stage.equivalents['todo-ospo']).toBe(first.stage.id);
    expect(first.petals[0].evidence.length).toBeGreaterThan(0);
    expect(typeof first.confidence).toBe('number');
    expect(second.petals[0]).toMatchObject({ id: 'ecosystem', source: 'self', confidence: 1 });

    expect(r.stderr).toMatch(/^line 2: not valid JSON/m);
    expect(r.stderr).toMatch(/^line 4: "text" must be non-empty text; skipped$/m);
    expect(r.stderr).toMatch(/^line 5: "audience" must be one of manager, executive, contributor; skipped$/m);
    expect(r.stderr).toMatch(/^line 6: expected a JSON object; skipped$/m);
    expect(r.stderr).toMatch(/tagged 2 answers, skipped 4 malformed lines/);
  });

  it('refuses unknown options with the usage', async () => {
    const r = await runTag(['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option --frobnicate/);
    expect(r.stderr).toMatch(/usage:/);
  });
});

describe('npm run tag -- --import and --retag', () => {
  it('imports notes into the database as a tagged campaign, with progress and bad lines on stderr', async () => {
    const db = path.join(tmp, 'import.db');
    const csv = path.join(tmp, 'notes.csv');
    writeFileSync(
      csv,
      [
        'person,audience,question,answer,date',
        'Ana,manager,Obstacles?,Legal reviews every CLA for weeks.,2025-11-03',
        'Bo,contributor,Why?,I mentor newcomers on the Rust compiler.,yesterday',
        'Cy,executive,Value?,InnerSource across business units saves money.,2025-11-05',
      ].join('\n'),
    );
    const r = await runTag(['--import', csv, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/notes\.csv: line 3: date "yesterday" is not a date/);
    expect(r.stderr).toMatch(/tagged 2\/2/);
    expect(r.stderr).toMatch(/imported 2 notes from 2 people as campaign "Notes from notes\.csv"/);

    const store = openDatabase(db);
    try {
      expect(store.prepare("SELECT count(*) FROM campaigns WHERE source = 'import'").pluck().get()).toBe(1);
      expect(
        store.prepare("SELECT count(DISTINCT answer_id) FROM tags WHERE source = 'auto'").pluck().get(),
      ).toBe(2);
    } finally {
      store.close();
    }

    const again = await runTag(['--import', csv, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/was imported before/);

    // Nothing is stale right after tagging; --all walks every answer once more.
    const retag = await runTag(['--retag', '--db', db]);
    expect(retag.code).toBe(0);
    expect(retag.stderr).toMatch(/re-tagged 0 answers/);
    const all = await runTag(['--retag', '--all', '--db', db]);
    expect(all.stderr).toMatch(/re-tagged 2 answers/);
  });

  it('says why a file cannot be imported, and imports nothing', async () => {
    const db = path.join(tmp, 'missing.db');
    const r = await runTag(['--import', path.join(tmp, 'nope.csv'), '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.csv: no such file; nothing imported/);
  });
});
