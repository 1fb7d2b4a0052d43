/** Terminal styling that turns itself off for pipes, CI logs and NO_COLOR, so captured output stays plain text. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  italic(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  cyan(s: string): string;
  readonly enabled: boolean;
}

const wrap = (open: number, close: number) => (s: string) => (s ? `\x1b[${open}m${s}\x1b[${close}m` : s);

export function makeStyle(enabled: boolean): Style {
  if (!enabled) {
    const same = (s: string) => s;
    return { bold: same, dim: same, italic: same, green: same, yellow: same, red: same, cyan: same, enabled };
  }
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    italic: wrap(3, 23),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    red: wrap(31, 39),
    cyan: wrap(36, 39),
    enabled,
  };
}

/** Colour when writing to a terminal, unless NO_COLOR is set (https://no-color.org) or FORCE_COLOR asks for it. */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  if (env.NO_COLOR) return makeStyle(false);
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return makeStyle(true);
  return makeStyle(Boolean(stream.isTTY));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences start with ESC.
const ANSI = /\x1b\[[0-9;]*m/g;

/** Length as the eye sees it: escape codes take no room. */
export function visibleLength(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}
