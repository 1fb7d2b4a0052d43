import { type MrkdwnOptions, mrkdwnToText, plainToText } from './mrkdwn.js';
import { visibleLength } from './style.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface RenderOptions extends MrkdwnOptions {
  /** Columns to wrap at (default 100). */
  width?: number;
}

/** A text object (`{type: 'mrkdwn' | 'plain_text', text}`) as terminal text. */
function textOf(t: unknown, opts: RenderOptions): string {
  if (!isObj(t) || typeof t.text !== 'string') return '';
  return t.type === 'mrkdwn' ? mrkdwnToText(t.text, opts) : plainToText(t.text);
}

/**
 * Wraps one paragraph at `width` visible columns. A line that starts like a list item ("• ", "- ", "1. ") keeps its
 * continuation lines under the item's text, as Slack does.
 */
export function wrapLine(line: string, width: number, indent = ''): string[] {
  const bullet = /^(\s*(?:[•◦▪\-–*]|\d+[.)])\s+)/.exec(line);
  const hang = indent + ' '.repeat(bullet ? visibleLength(bullet[1]!) : 0);
  const words = line.split(/( +)/).filter((w) => w !== '');
  const out: string[] = [];
  let current = indent;
  let currentLen = visibleLength(indent);
  for (const word of words) {
    const len = visibleLength(word);
    const blank = /^ +$/.test(word);
    if (currentLen + len > width && currentLen > visibleLength(hang) && !blank) {
      out.push(current.trimEnd());
      current = hang + word;
      currentLen = visibleLength(hang) + len;
      continue;
    }
    if (blank && currentLen === visibleLength(hang) && out.length > 0) continue;
    current += word;
    currentLen += len;
  }
  out.push(current.trimEnd());
  return out;
}

/** Wraps text paragraph by paragraph; Slack's quote lines ("> …") get a bar on every wrapped line. */
function wrapText(text: string, width: number, indent = ''): string[] {
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [''];
    const quote = /^>\s?(.*)$/.exec(line);
    if (quote) return wrapLine(quote[1]!, width - 2, indent).map((l) => `│ ${l}`);
    return wrapLine(line, width, indent);
  });
}

function elementLabel(e: unknown, opts: RenderOptions): string {
  if (!isObj(e)) return '';
  switch (e.type) {
    case 'button':
      return `[ ${textOf(e.text, opts)} ]`;
    case 'image':
      return `[picture: ${String(e.alt_text ?? 'image')}]`;
    case 'mrkdwn':
    case 'plain_text':
      return textOf(e, opts);
    case 'overflow':
      return '[ … ]';
    default:
      return isObj(e.placeholder) ? `[ ${textOf(e.placeholder, opts)} ▾ ]` : '';
  }
}

function richText(node: unknown, opts: RenderOptions): string {
  if (!isObj(node)) return '';
  switch (node.type) {
    case 'text':
      return String(node.text ?? '');
    case 'link':
      return String(node.text ?? node.url ?? '');
    case 'user':
      return `@${opts.names?.user(String(node.user_id)) ?? String(node.user_id)}`;
    case 'channel':
      return `#${opts.names?.channel(String(node.channel_id)) ?? String(node.channel_id)}`;
    case 'emoji':
      return plainToText(`:${String(node.name)}:`);
    case 'rich_text_list': {
      const items = Array.isArray(node.elements) ? node.elements : [];
      return items.map((i) => `• ${richText(i, opts)}`).join('\n');
    }
    default: {
      const children = Array.isArray(node.elements) ? node.elements : [];
      return children.map((c) => richText(c, opts)).join('');
    }
  }
}

/** One block as lines of terminal text. */
export function blockToLines(block: unknown, opts: RenderOptions): string[] {
  const width = opts.width ?? 100;
  if (!isObj(block)) return [];
  const { style } = opts;
  switch (block.type) {
    case 'header': {
      const text = textOf(block.text, opts);
      return ['', style.bold(text), style.bold('═'.repeat(Math.min(width, visibleLength(text))))];
    }
    case 'divider':
      return [style.dim('─'.repeat(Math.min(width, 60)))];
    case 'section': {
      const lines = block.text ? wrapText(textOf(block.text, opts), width) : [];
      const fields = Array.isArray(block.fields) ? block.fields : [];
      for (const f of fields) lines.push(...wrapText(textOf(f, opts), width, '  '));
      const accessory = elementLabel(block.accessory, opts);
      if (accessory) lines.push(`  ${accessory}`);
      return lines;
    }
    case 'context': {
      const parts = (Array.isArray(block.elements) ? block.elements : [])
        .map((e) => elementLabel(e, opts))
        .filter(Boolean);
      return wrapText(parts.join(' · '), width).map((l) => style.dim(l));
    }
    case 'image': {
      const title = textOf(block.title, opts) || String(block.alt_text ?? 'image');
      return [`[picture: ${title}]`];
    }
    case 'actions': {
      const labels = (Array.isArray(block.elements) ? block.elements : [])
        .map((e) => elementLabel(e, opts))
        .filter(Boolean);
      return labels.length ? [labels.join(' ')] : [];
    }
    case 'rich_text':
      return wrapText(richText(block, opts), width);
    case 'input':
      return [`${textOf(block.label, opts)}: ${elementLabel(block.element, opts)}`.trimEnd()];
    case 'file':
      return ['[file]'];
    default:
      return [];
  }
}

/** A message's or view's blocks as terminal text; `fallback` (the message's text) when there are no blocks. */
export function blocksToText(
  blocks: readonly unknown[] | undefined,
  opts: RenderOptions,
  fallback = '',
): string {
  if (!blocks || blocks.length === 0)
    return wrapText(mrkdwnToText(fallback, opts), opts.width ?? 100).join('\n');
  const lines: string[] = [];
  let previous: string | undefined;
  for (const block of blocks) {
    const type = isObj(block) ? String(block.type) : '';
    // Slack leaves a gap between blocks; a context line stays with what it describes.
    const gap =
      previous && !['header', 'divider'].includes(previous) && !['context', 'divider'].includes(type);
    if (gap) lines.push('');
    lines.push(...blockToLines(block, opts));
    previous = type;
  }
  while (lines[0] === '') lines.shift();
  return lines.join('\n');
}
