import type { Style } from './style.js';

/** "Tue 10:00" where the person lives. */
export function localStamp(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('weekday')} ${get('hour')}:${get('minute')}`;
}

/** "Tuesday 3 March, 10:00" in a zone. */
export function longStamp(at: Date, timeZone: string): string {
  const date = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(at);
  return `${date}, ${localStamp(at, timeZone).slice(4)}`;
}

export type Arrow = '→' | '←' | '·';

export interface Printer {
  readonly style: Style;
  /** One thing that happened: when (in `timeZone`, the person's own), who, and what. */
  event(at: Date, timeZone: string, arrow: Arrow, who: string, what: string): void;
  /** A line under an event: a quote, a reply only the person sees. */
  detail(text: string): void;
  step(title: string): void;
  note(text: string): void;
  skip(what: string, why: string): void;
  warn(text: string): void;
  /** Text printed as it is (the digest). */
  raw(text: string): void;
  /**
   * A line kept at the bottom of a terminal and redrawn in place (story time, how far along): only with colour on,
   * so logs and pipes get the story alone. Undefined removes it.
   */
  status(text: string | undefined): void;
  readonly stepsDone: number;
}

const ZONE_WIDTH = 22;

/**
 * Prints the story. Each event line starts with the time where the person lives and their zone, so it reads as the
 * week does: 10:00 in Kolkata, then 10:00 in Berlin, and so on around the world.
 */
export function createPrinter(write: (s: string) => void, style: Style, totalSteps: number): Printer {
  let step = 0;
  let status: string | undefined;
  const live = style.enabled;
  const clearStatus = () => {
    if (live && status !== undefined) write('\r\x1b[2K');
  };
  const drawStatus = () => {
    if (live && status !== undefined) write(style.dim(status));
  };
  const out = (s: string) => {
    clearStatus();
    write(`${s}\n`);
    drawStatus();
  };
  return {
    style,
    event(at, timeZone, arrow, who, what) {
      const when = style.dim(`${localStamp(at, timeZone)} ${timeZone.padEnd(ZONE_WIDTH)}`);
      const mark = arrow === '→' ? style.cyan(arrow) : arrow === '←' ? style.green(arrow) : style.dim(arrow);
      out(`${when} ${mark} ${style.bold(who)}: ${what}`);
    },
    detail(text) {
      const pad = ' '.repeat(10 + ZONE_WIDTH + 3);
      for (const line of text.split('\n')) out(`${pad}${style.dim(line)}`);
    },
    step(title) {
      step += 1;
      const label = `[${step}/${totalSteps}]`;
      out('');
      out(style.bold(`${label} ${title}`));
    },
    note(text) {
      for (const line of text.split('\n')) out(`      ${line}`);
    },
    skip(what, why) {
      out(style.yellow(`      (skipped: ${what} — ${why})`));
    },
    warn(text) {
      out(style.red(`      ! ${text}`));
    },
    raw(text) {
      out(text);
    },
    status(text) {
      clearStatus();
      status = text;
      drawStatus();
    },
    get stepsDone() {
      return step;
    },
  };
}
