import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/tagging/cli.js';
import { argsOrExitCode, optionValue } from '../../src/tagging/cliArgs.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return {
    stdout,
    stderr,
    read: () => ({ out: String(stdout.read() ?? ''), err: String(stderr.read() ?? '') }),
  };
}

describe('command-line arguments', () => {
  it('takes the word after an option as its value, unless it is another option or missing', () => {
    expect(optionValue(['--db', 'x.db'], 0)).toBe('x.db');
    expect(optionValue(['--db', '--all'], 0)).toBeUndefined();
    expect(optionValue(['--db'], 0)).toBeUndefined();
  });

  it('reports a missing value instead of swallowing the next option', () => {
    expect(parseCliArgs(['--import', '--retag'])).toMatch(/--import needs a file/);
    expect(parseCliArgs(['--retag', '--db'])).toBe('--db needs a file');
  });

  it('sends misuse to stderr with exit 2, help to stdout with exit 0, and passes anything else through', () => {
    const bad = io();
    expect(argsOrExitCode('unknown option --x', 'usage: …\n', bad)).toBe(2);
    expect(bad.read()).toEqual({ out: '', err: 'unknown option --x\nusage: …\n' });
    const help = io();
    expect(argsOrExitCode({ mode: 'help' }, 'usage: …\n', help)).toBe(0);
    expect(help.read()).toEqual({ out: 'usage: …\n', err: '' });
    const run = io();
    expect(argsOrExitCode({ mode: 'retag', all: true }, 'usage: …\n', run)).toEqual({
      mode: 'retag',
      all: true,
    });
    expect(run.read()).toEqual({ out: '', err: '' });
  });
});
