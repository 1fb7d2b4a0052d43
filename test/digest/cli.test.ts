import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliArgs, runCli } from '../../src/digest/cli.js';
import { validateBlocks } from '../../src/sandbox/emulator/index.js';
import { decodePng } from './decodePng.js';

const dir = mkdtempSync(join(tmpdir(), 'ospo-digest-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli(argv, { stdout, stderr, env, now: () => new Date('2026-11-25T12:00:00Z') });
  return { code, out, err };
}

describe('npm run digest', () => {
  it('--dry-run --demo prints valid blocks as JSON and writes a PNG of the flower', async () => {
    const png = join(dir, 'sub', 'flower.png');
    const { code, out, err } = await run(['--dry-run', '--demo', '--png', png]);
    expect(code).toBe(0);
    const printed = JSON.parse(out) as { text: string; blocks: unknown[]; summary: { peopleHeard: number } };
    expect(validateBlocks(printed.blocks, 'message')).toEqual([]);
    expect(printed.summary.peopleHeard).toBeGreaterThan(20);
    expect(printed.text).toContain('week 48');
    expect(err).toContain(`wrote ${png}`);
    const image = decodePng(readFileSync(png));
    expect([image.width, image.height]).toEqual([1200, 1320]);
  });

  it('reads the configured settings: a larger minimum group hides more', async () => {
    const small = JSON.parse((await run(['--dry-run', '--demo'])).out) as {
      summary: { petals: { heard: number | null }[] };
    };
    const strict = JSON.parse(
      (await run(['--dry-run', '--demo'], { OSPO_MIN_GROUP: '11' })).out,
    ) as typeof small;
    const hidden = (s: typeof small) => s.summary.petals.filter((p) => p.heard === null).length;
    expect(hidden(strict)).toBeGreaterThan(hidden(small));
  });

  it('explains what is wrong with the arguments or the database', async () => {
    expect(parseCliArgs(['--dry-run', '--post'])).toMatch(/one of/);
    expect(parseCliArgs(['--png'])).toMatch(/needs a file/);
    expect((await run(['--bogus'])).code).toBe(2);
    const missing = await run(['--dry-run', '--db', join(dir, 'nope.db')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('--demo');
    expect((await run([])).out).toContain('usage');
  });
});
