import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFeatures } from '../../src/sandbox/story/features.js';
import { repoRoot } from '../../src/shared/loadYaml.js';

/**
 * `npm run sandbox` as someone runs it, in its fast mode: a child process with its own private redis-server, the
 * emulator and the bot, playing the whole story. Checked from the outside: exit code, what it printed, the files it
 * wrote, and that nothing it started outlives it.
 */

const out = mkdtempSync(path.join(tmpdir(), 'ospo-sandbox-'));
const features = detectFeatures();
let code: number | null = null;
let stdout = '';
let stderr = '';

/** Without colour, so the assertions read plain text. */
function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', SANDBOX_FAST: '1' };
  delete env.REDIS_URL;
  delete env.FORCE_COLOR;
  delete env.LOG_LEVEL;
  return env;
}

beforeAll(async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/run.ts', '--out', out], {
    cwd: repoRoot,
    env: plainEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
}, 110_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm run sandbox -- --fast', () => {
  it('plays the whole story and exits 0', () => {
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toContain('[8/8]');
    expect(stdout).toMatch(/Done in \d+\.\d s\. Bot, emulator and Redis stopped\./);
  });

  it('prints invitations in each person’s local morning, and what people did', () => {
    const invitations = stdout
      .split('\n')
      .filter((l) => / → [^:]+: invitation \((manager|executive|contributor) questions\)/.test(l));
    expect(invitations.length).toBe(20);
    // Every invitation goes out on Tuesday from 10:00, wherever the person lives: never earlier, and late only by the
    // queue's latency (at six story hours a real second, 100 ms of latency is 36 story minutes; more on a busy CI).
    for (const line of invitations) expect(line).toMatch(/^Tue 1[0-3]:\d\d /);
    expect(new Set(invitations.map((l) => l.split(/\s+/)[2])).size).toBeGreaterThanOrEqual(15);
    expect(stdout).toMatch(/← [^:]+: Start → answers sent in 3 steps/);
    expect(stdout).toMatch(/← [^:]+: Later\n/);
    expect(stdout).toMatch(
      /→ [^:]+ \(only they see\): No problem\. I will remind you Wednesday 4 March at 10:00/,
    );
    expect(stdout).toMatch(/← [^:]+: No, thanks \(declined\)/);
    expect(stdout).toMatch(/← [^:]+: I would rather talk/);
    expect(stdout).toMatch(/→ [^:]+: the reminder they asked for with Later/);
    expect(stdout).toMatch(/← Gustavo Reyes: notes recorded for [^\n]+ in 3 steps/);
    if (features.tags) expect(stdout).toMatch(/← Kavya Fonoti: reviews answer #\d+: [^\n]+; stage [^\n]+/);
    else expect(stdout).toContain('(skipped: tag review');
  });

  it('ends with the digest, readable, and writes the picture', () => {
    const digestAt = stdout.lastIndexOf('OSPO digest');
    expect(digestAt).toBeGreaterThan(stdout.indexOf('[8/8]'));
    const digest = stdout.slice(digestAt, stdout.indexOf('\nSummary', digestAt));
    expect(digest).toContain('people heard');
    // Rendered, not raw Slack markup.
    expect(digest).not.toMatch(/<@U|<!date|&gt;|&lt;/);
    const png = readFileSync(path.join(out, 'flower.png'));
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(10_000);
    // IHDR: width and height, big-endian, right after the signature and the chunk header.
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(400);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(400);
  });

  it('writes the export as CSV when the export exists, and says it skipped it otherwise', () => {
    const dir = path.join(out, 'export');
    if (features.export) {
      const answers = readdirSync(dir).find((f) => /answers.*\.csv$/.test(f));
      expect(answers, readdirSync(dir).join(', ')).toBeDefined();
      const rows = parse(readFileSync(path.join(dir, answers!), 'utf8'), {
        bom: true,
        columns: true,
      }) as Record<string, string>[];
      // Answers of the 18 people heard, minus those who chose not to be quoted, one row per question answered.
      expect(rows.length).toBeGreaterThan(60);
      expect(new Set(rows.map((r) => r.question_id)).size).toBeGreaterThan(10);
      expect(stdout).toMatch(/export {5}\S+export\/\S+\.csv/);
    } else {
      expect(existsSync(dir)).toBe(false);
      expect(stdout).toContain('(skipped: the export');
    }
  });

  it('leaves no process behind: redis-server, the bot and the emulator are gone', async () => {
    const pid = Number(/private redis-server, pid (\d+)/.exec(stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    const ports = [...stdout.matchAll(/(?:http|redis):\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    // Redis, the emulator and the bot.
    expect(new Set(ports).size).toBe(3);
    for (const port of new Set(ports)) expect(await portOpen(port), `port ${port}`).toBe(false);
    expect(existsSync(path.join(out, 'redis'))).toBe(false);
    expect(existsSync(path.join(out, 'ospo-survey.db'))).toBe(true);
  });
});
