import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, progressBar, truncate } from '../slack/blocks/text.js';
import { describeConsistency } from './consistency.js';
import type { Cell, ChecklistLine, DigestView } from './types.js';

/** Slack's limits that the digest runs into. */
export const LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, contextElements: 10 } as const;

export interface RenderOptions {
  timezoneLabel?: string;
  /** A human date range for the header, e.g. '24 Nov – 30 Nov'. */
  dateRange?: string;
  /** Preview: says so at the top, and shows who ticked checklist items (mentions would ping them in the channel). */
  preview?: boolean;
  /** Where the picture is: 'below' (channel post), 'dm' (preview), or none. */
  picture?: 'below' | 'dm' | 'none';
}

/** A shaded cell, not an asterisk: renderers that read `*` as bold (outside Slack's code blocks) would eat it. */
const HIDDEN = '░';
const ZERO = '·';

export interface RenderedDigest {
  text: string;
  blocks: KnownBlock[];
}

/**
 * The digest as Block Kit: short lines, one petal per section, the maps as narrow monospace grids, so that it reads
 * on a phone. Every name and quote is escaped; every count shown already passed the small-group rules.
 */
export function renderDigest(view: DigestView, options: RenderOptions = {}): RenderedDigest {
  const { summary } = view;
  const stageName = new Map(summary.stages.map((s) => [s.id, s.name]));
  const motivatorName = new Map(summary.motivators.map((m) => [m.id, m.name]));
  const k = summary.minGroup;
  const blocks: KnownBlock[] = [];

  const weekNo = summary.week.replace(/^\d{4}-W0?/, '');
  blocks.push({
    type: 'header',
    text: {
      type: 'plain_text',
      text: truncate(`${options.preview ? 'Preview: ' : ''}OSPO digest · week ${weekNo}`, LIMITS.headerText),
      emoji: true,
    },
  });
  const facts = [
    options.dateRange,
    `*${summary.peopleHeard}* ${summary.peopleHeard === 1 ? 'person' : 'people'} heard`,
    summary.late ? ':hourglass: posted late: the app was offline when it was due' : undefined,
  ].filter(Boolean);
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: facts.join(' · ') }] });

  blocks.push(section(campaignsText(view)));
  blocks.push({ type: 'divider' });

  // Petals: one section each, so a phone shows them as separate cards.
  blocks.push(section('*What each petal says*'));
  const quoteByPetal = new Map(view.quotes.map((q) => [q.petalId, q]));
  const petalSections = summary.petals.map((petal) => {
    const lines: string[] = [];
    const emoji = petal.emoji ? `${petal.emoji} ` : '';
    lines.push(`${emoji}*${esc(petal.name)}* · ${peopleText(petal.heard, k)}`);
    if (petal.heard !== 0) {
      lines.push(
        petal.dominantStageId
          ? `Mostly at _${esc(stageName.get(petal.dominantStageId) ?? petal.dominantStageId)}_`
          : '_No clear stage yet_',
      );
      if (petal.topMotivators.length > 0) {
        const list = petal.topMotivators.map(
          (m) => `${esc(motivatorName.get(m.id) ?? m.id)}${countSuffix(m.people)}`,
        );
        lines.push(`Cares about: ${list.join(' · ')}`);
      }
      const quote = quoteByPetal.get(petal.id);
      if (quote) lines.push(quoteText(quote.text, quote.attribution));
    }
    return lines.join('\n');
  });
  blocks.push(...packSections(petalSections, LIMITS.blocks - 14 - blocks.length));
  blocks.push({ type: 'divider' });

  // Petal × stage map.
  const colLabels = [...summary.stages.map((s) => `S${s.order}`), '?'];
  const rows = summary.petals.map((p) => ({ label: p.name, cells: p.stageCells }));
  if (summary.unplacedPetalCells.some((c) => c !== 0))
    rows.push({ label: 'No petal yet', cells: summary.unplacedPetalCells });
  blocks.push(section(`*Where each petal stands* (people per stage)\n${grid(rows, colLabels)}`));
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `${summary.stages.map((s) => `S${s.order} ${esc(s.name.replace(/^Stage \d+:\s*/, ''))}`).join(' · ')} · ? not placed yet · ${ZERO} none · ${HIDDEN} hidden to protect a small group`,
      },
    ],
  });

  blocks.push(section(motivatorsByStageText(view, stageName)));
  blocks.push({ type: 'divider' });
  blocks.push(section(consistencyText(view)));
  blocks.push(section(changesText(view)));
  blocks.push(section(nextStepsText(view, stageName, options.preview === true)));

  const picture =
    options.picture === 'dm'
      ? 'The flower picture is in your DM with me.'
      : options.picture === 'none'
        ? ''
        : 'The flower picture follows.';
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: [
          `Groups of fewer than ${k} people are never shown, nor any cell that would give one away.`,
          'Quotes only with consent, named only when the person chose so.',
          picture,
          'Staff: `/ospo-survey checklist` to tick items done.',
        ]
          .filter(Boolean)
          .join(' '),
      },
    ],
  });

  const consistency = summary.consistency.score;
  const text = `OSPO digest · week ${weekNo}: ${summary.peopleHeard} people heard${
    consistency === null ? '' : `, petals ${Math.round(consistency * 100)}% alike`
  }.`;
  return { text, blocks };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2026-12-18' → '18 Dec 2026': no reader should have to parse ISO dates on a phone. */
export function readableDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

/**
 * Joins texts into at most `budget` sections (each within Slack's section limit): one section per text while the
 * budget allows, several per section when a taxonomy has many petals.
 */
export function packSections(texts: readonly string[], budget: number): KnownBlock[] {
  const perSection = Math.max(1, Math.ceil(texts.length / Math.max(1, budget)));
  const out: KnownBlock[] = [];
  for (let i = 0; i < texts.length; i += perSection) {
    out.push(section(texts.slice(i, i + perSection).join('\n\n')));
  }
  return out;
}

function esc(text: string): string {
  return escapeMrkdwn(text);
}

function peopleText(cell: Cell, k: number): string {
  if (cell === null) return `number heard not shown (protects a group under ${k})`;
  if (cell === 0) return 'nobody heard yet';
  return `${cell} ${cell === 1 ? 'person' : 'people'} heard`;
}

function countSuffix(cell: Cell): string {
  return cell === null ? '' : ` (${cell})`;
}

function quoteText(text: string, attribution: string | null): string {
  const body = truncate(text.replace(/\s+/g, ' ').trim(), 280);
  return `> “${esc(body)}”\n> — _${attribution ? esc(attribution) : 'anonymous'}_`;
}

function campaignsText(view: DigestView): string {
  const { campaigns, campaignsTotal } = view.summary;
  if (campaigns.length === 0)
    return '*Campaigns*\nNo campaign is running. Staff can start one with `/ospo-survey campaign`.';
  const lines = campaigns.map((c) => {
    const extra = [
      c.answeredThisWeek > 0 ? `+${c.answeredThisWeek} this week` : undefined,
      c.overdue > 0 ? `${c.overdue} overdue` : undefined,
      c.scheduled > 0 ? `${c.scheduled} not invited yet` : undefined,
    ].filter(Boolean);
    const status = c.status === 'closed' ? 'closed' : `due ${readableDate(c.dueDate)}`;
    return `*${esc(truncate(c.name, 60))}* · ${status}\n\`${progressBar(c.answered, c.invited)}\` ${c.answered} of ${c.invited} answered${
      extra.length > 0 ? ` · ${extra.join(' · ')}` : ''
    }`;
  });
  const more = campaignsTotal > campaigns.length ? `\n_and ${campaignsTotal - campaigns.length} more_` : '';
  return `*Campaigns*\n${lines.join('\n')}${more}`;
}

/** A monospace table narrow enough for a phone: 12-character row labels, 4-character columns. */
export function grid(
  rows: readonly { label: string; cells: readonly Cell[] }[],
  colLabels: readonly string[],
): string {
  const labelWidth = Math.min(12, Math.max(...rows.map((r) => [...r.label].length), 3));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].length));
  const lpad = (s: string, w: number) => ' '.repeat(Math.max(0, w - [...s].length)) + s;
  const cell = (c: Cell) => (c === null ? HIDDEN : c === 0 ? ZERO : String(c));
  const head = pad('', labelWidth) + colLabels.map((c) => lpad(c, 4)).join('');
  const body = rows.map(
    (r) => pad(truncate(r.label, labelWidth), labelWidth) + r.cells.map((c) => lpad(cell(c), 4)).join(''),
  );
  // Backticks would end the code block early; the rest is escaped like any text.
  return `\`\`\`\n${esc([head, ...body].join('\n').replace(/`/g, "'"))}\n\`\`\``;
}

function motivatorsByStageText(view: DigestView, stageName: ReadonlyMap<string, string>): string {
  const { summary } = view;
  const lines: string[] = ['*Motivators by stage* (the stage most of the people naming it are at)'];
  for (const stage of summary.stages) {
    const s = summary.stages.indexOf(stage);
    const here = summary.motivators.filter((m) => m.stageId === stage.id);
    if (here.length === 0) continue;
    const list = here.map((m) => {
      const at = m.stageCells[s];
      return `${esc(m.name)}${at !== null && at !== undefined && m.people !== null ? ` (${at} of ${m.people})` : ''}`;
    });
    lines.push(`*${esc(stageName.get(stage.id) ?? stage.id)}*: ${list.join(' · ')}`);
  }
  const unclear = summary.motivators.filter((m) => m.stageId === null && m.people !== null && m.people > 0);
  if (unclear.length > 0) lines.push(`_Not clear yet_: ${unclear.map((m) => esc(m.name)).join(' · ')}`);
  if (lines.length === 1) lines.push('_Not enough answers yet to place any motivator._');
  return lines.join('\n');
}

function consistencyText(view: DigestView): string {
  const { consistency, petals, motivators } = view.summary;
  const title = '*How alike are the petals?*';
  if (consistency.score === null) {
    return `${title}\nNot measurable yet: it needs at least two petals with ${view.summary.minGroup} or more people heard.`;
  }
  const pct = Math.round(consistency.score * 100);
  const lines = [
    `${title} *${pct}%*: ${describeConsistency(consistency.score)}.`,
    `_How it is measured: each petal's mix of motivators is compared with every other petal's (cosine similarity, averaged over ${consistency.petalsCompared} petals). 100% would mean every petal names the same motivators in the same proportions; 0% that no two petals share one._`,
  ];
  if (consistency.mostDifferent) {
    const petal = petals.find((p) => p.id === consistency.mostDifferent!.petalId);
    if (petal) {
      const names = petal.topMotivators
        .map((m) => motivators.find((x) => x.id === m.id)?.name ?? m.id)
        .map(esc);
      lines.push(
        `*${esc(petal.name)}* differs most (${Math.round(consistency.mostDifferent.similarity * 100)}% alike the others)${
          names.length > 0 ? `: it cares most about ${names.join(', ')}` : ''
        }. Worth a conversation.`,
      );
    }
  }
  return lines.join('\n');
}

function changesText(view: DigestView): string {
  const lines = view.changes.map((c) => (c.kind === 'first' ? `_${esc(c.text)}_` : `• ${esc(c.text)}`));
  if (lines.length === 0) lines.push('_Nothing moved enough to report._');
  return `*Since last week*\n${lines.join('\n')}`;
}

function nextStepsText(view: DigestView, stageName: ReadonlyMap<string, string>, showWho: boolean): string {
  const steps = view.summary.nextSteps;
  const name = (id: string | null) => (id ? esc(stageName.get(id) ?? id) : '');
  const item = (l: ChecklistLine) =>
    `${l.ticked ? ':white_check_mark:' : ':white_large_square:'} ${esc(l.text)}${showWho && l.tickedBy ? ` (<@${l.tickedBy}>)` : ''}`;
  const lines = ['*Next steps*'];
  if (steps.stageId) {
    lines.push(`The evidence points to *${name(steps.stageId)}*.`);
  } else {
    lines.push('Not enough evidence yet to say where the organisation stands.');
  }
  if (steps.nextStageId && steps.items.length > 0) {
    const done = steps.items.filter((i) => i.ticked).length;
    lines.push(
      `${steps.stageId ? 'To reach' : 'Start with'} *${name(steps.nextStageId)}* (${done} of ${steps.items.length} done):`,
    );
    lines.push(...steps.items.map(item));
  } else if (steps.stageId && !steps.nextStageId) {
    lines.push('That is the last stage of the model: keep its checklist up.');
  }
  if (steps.openAtCurrent.length > 0) {
    lines.push(`Still open at ${name(steps.stageId)}:`);
    lines.push(...steps.openAtCurrent.map(item));
  }
  return lines.join('\n');
}
