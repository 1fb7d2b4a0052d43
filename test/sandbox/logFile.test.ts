import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLogger, loggedErrors } from '../../src/sandbox/story/logFile.js';

describe('sandbox log file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('writes the redacted JSON lines of the app logger to the file, and reads its errors back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ospo-log-'));
    dirs.push(dir);
    const file = join(dir, 'nested', 'bot.log');
    const log = fileLogger(file, 'info');
    log.info({ payload: { text: 'my secret answer', token: 'xoxb-1' } }, 'got a payload');
    log.error({ err: 'boom' }, 'it broke');

    const written = readFileSync(file, 'utf8');
    expect(written).not.toContain('my secret answer');
    expect(written).not.toContain('xoxb-1');
    expect(written).toContain('[redacted]');
    expect(JSON.parse(written.split('\n')[0]!)).toMatchObject({ name: 'ospo-survey', msg: 'got a payload' });
    expect(loggedErrors(file)).toEqual([{ msg: 'it broke', err: 'boom' }]);
  });
});
