import type { Style } from './style.js';

/** Names for the ids Slack's mrkdwn refers to; what cannot be resolved is shown as the id. */
export interface Names {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  group(id: string): string | undefined;
}

export interface MrkdwnOptions {
  names?: Names;
  /** Zone in which `<!date^…>` is shown (Slack shows each reader their own). Default UTC. */
  timeZone?: string;
  style: Style;
}

const EMOJI: Record<string, string> = {
  white_check_mark: '✅',
  white_large_square: '⬜',
  technologist: '🧑‍💻',
  earth_africa: '🌍',
  earth_americas: '🌎',
  earth_asia: '🌏',
  heavy_check_mark: '✔',
  ballot_box_with_check: '☑',
  x: '✗',
  warning: '⚠',
  speech_balloon: '💬',
  memo: '📝',
  sunflower: '🌻',
  blossom: '🌼',
  hibiscus: '🌺',
  seedling: '🌱',
  bar_chart: '📊',
  chart_with_upwards_trend: '📈',
  chart_with_downwards_trend: '📉',
  arrow_up: '↑',
  arrow_down: '↓',
  arrow_right: '→',
  small_red_triangle: '▲',
  small_red_triangle_down: '▼',
  new: '🆕',
  star: '⭐',
  hourglass: '⏳',
  hourglass_flowing_sand: '⏳',
  lock: '🔒',
  link: '🔗',
  calendar: '📅',
  busts_in_silhouette: '👥',
  bust_in_silhouette: '👤',
  point_right: '👉',
  mag: '🔍',
  bulb: '💡',
  tada: '🎉',
  wave: '👋',
  clipboard: '📋',
  scales: '⚖',
  shield: '🛡',
  handshake: '🤝',
  briefcase: '💼',
  globe_with_meridians: '🌐',
  office: '🏢',
  information_source: 'ℹ',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  red_circle: '🔴',
  white_circle: '⚪',
};

const pad2 = (n: number) => String(n).padStart(2, '0');

function part(at: Date, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, ...options }).format(at);
}

/** Slack's `<!date^epoch^format|fallback>` tokens, rendered in one zone. */
export function formatSlackDate(epochSeconds: number, format: string, timeZone: string): string {
  const at = new Date(epochSeconds * 1000);
  const hm = () => {
    const p = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(at);
    const get = (t: string) => Number(p.find((x) => x.type === t)?.value ?? 0);
    return `${pad2(get('hour'))}:${pad2(get('minute'))}`;
  };
  const tokens: Record<string, () => string> = {
    date_num: () => part(at, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }),
    date: () => part(at, timeZone, { day: 'numeric', month: 'long', year: 'numeric' }),
    date_short: () => part(at, timeZone, { day: 'numeric', month: 'short', year: 'numeric' }),
    date_long: () => part(at, timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    date_pretty: () => part(at, timeZone, { day: 'numeric', month: 'long', year: 'numeric' }),
    date_short_pretty: () => part(at, timeZone, { weekday: 'short', day: 'numeric', month: 'short' }),
    date_long_pretty: () => part(at, timeZone, { weekday: 'long', day: 'numeric', month: 'long' }),
    time: hm,
    time_secs: () => `${hm()}:${pad2(at.getUTCSeconds())}`,
  };
  return format.replace(/\{(\w+)\}/g, (whole, token: string) => tokens[token]?.() ?? whole);
}

function unescapeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** One `<…>` reference of Slack's mrkdwn, as a reader would see it. */
function reference(inner: string, opts: MrkdwnOptions): string {
  const [target = '', label] = splitLabel(inner);
  const names = opts.names;
  if (target.startsWith('@')) return `@${label ?? names?.user(target.slice(1)) ?? target.slice(1)}`;
  if (target.startsWith('#')) return `#${label ?? names?.channel(target.slice(1)) ?? target.slice(1)}`;
  if (target.startsWith('!subteam^')) {
    const id = target.slice('!subteam^'.length);
    const handle = label?.replace(/^@/, '') ?? names?.group(id) ?? id;
    return `@${handle}`;
  }
  if (target.startsWith('!date^')) {
    const [, epoch = '', format = ''] = target.split('^');
    const seconds = Number(epoch);
    if (!Number.isFinite(seconds)) return label ?? '';
    return formatSlackDate(seconds, format, opts.timeZone ?? 'UTC');
  }
  if (target === '!channel' || target === '!here' || target === '!everyone') return `@${target.slice(1)}`;
  if (target.startsWith('!')) return label ?? target.slice(1);
  return label ?? target;
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar < 0 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}

/**
 * Slack mrkdwn → terminal text: references resolved to names, dates shown in a zone, entities decoded, emoji codes
 * that have a common glyph replaced, and *bold*, _italic_ and `code` shown with the terminal's styles (or as plain
 * text without their markers when there is no colour). Code, in blocks or inline, is shown exactly as written:
 * Slack formats nothing inside it (a table's "*" cells stay stars).
 */
export function mrkdwnToText(text: string, opts: MrkdwnOptions): string {
  return text
    .split('```')
    .map((part, i) => (i % 2 === 1 ? unescapeEntities(part.replace(/^\n|\n$/g, '')) : inline(part, opts)))
    .join('');
}

/** Markers around bold or italic text: never next to a space inside, as in Slack (`* 3 *` stays as it is). */
const EMPHASIS = (marker: string) =>
  new RegExp(
    `(^|[\\s(\uE000])\\${marker}([^${marker}\\s\\n](?:[^${marker}\\n]*[^${marker}\\s\\n])?)\\${marker}(?=$|[\\s).,;:!?\uE001])`,
    'g',
  );
const BOLD = EMPHASIS('*');
const ITALIC = EMPHASIS('_');

function inline(text: string, opts: MrkdwnOptions): string {
  const { style } = opts;
  const code: string[] = [];
  let out = text.replace(/`([^`\n]+)`/g, (_m, c: string) => `\uE002${code.push(c) - 1}\uE003`);
  out = out.replace(/<([^<>\n]+)>/g, (_m, inner: string) => `\uE000${reference(inner, opts)}\uE001`);
  out = out.replace(BOLD, (_m, pre: string, inner: string) => `${pre}${style.bold(inner)}`);
  out = out.replace(ITALIC, (_m, pre: string, inner: string) => `${pre}${style.italic(inner)}`);
  out = out.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
  out = out.replace(/[\uE000\uE001]/g, '');
  out = out.replace(/\uE002(\d+)\uE003/g, (_m, i: string) => code[Number(i)] ?? '');
  return unescapeEntities(out);
}

/** Plain text (plain_text objects) with emoji codes replaced, as Slack shows it with `emoji: true`. */
export function plainToText(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, code: string) => EMOJI[code] ?? whole);
}
