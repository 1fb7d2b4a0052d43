import type { DigestSummary } from './types.js';

/**
 * The OSPO flower as an SVG: one petal per taxonomy petal around the OSPO at the centre. A petal's shade says how
 * many people of that part of the organisation were heard (the most-heard petal in full colour, the others paler in
 * proportion); its label gives the name, the people heard, the top motivator and the most common stage. Petals whose
 * count is hidden (a small group) are drawn pale grey with a dashed outline and no figures.
 */

export const FLOWER_SIZE = { width: 1200, height: 1320 } as const;
export const FONT_FAMILY = 'DejaVu Sans';

const CENTRE = { x: 600, y: 670 };
const INNER = 105;
const OUTER = 505;
const LABEL_AT = 320;
const FALLBACK_COLOURS = [
  '#e8a33d',
  '#3b7dd8',
  '#8e5cc4',
  '#2f9e6e',
  '#d9534f',
  '#f0c419',
  '#17a2b8',
  '#6c757d',
];
const INK = '#1f2933';
const MUTED = '#5b6770';

export interface FlowerOptions {
  /** e.g. '24 Nov – 30 Nov' */
  dateRange?: string;
}

export function flowerSvg(summary: DigestSummary, options: FlowerOptions = {}): string {
  const { width, height } = FLOWER_SIZE;
  const n = Math.max(summary.petals.length, 1);
  const maxHeard = Math.max(1, ...summary.petals.map((p) => p.heard ?? 0));
  const stageName = new Map(summary.stages.map((s) => [s.id, shortStage(s.name)]));
  const motivatorName = new Map(summary.motivators.map((m) => [m.id, m.name]));
  // Petals get narrower as there are more of them, so neighbours never overlap.
  const halfWidth = Math.min(170, LABEL_AT * Math.sin(Math.PI / n) * 0.98);
  const labelWidth = Math.min(240, halfWidth * 1.5);
  // Narrower petals (more of them) get smaller type, down to 70%, so labels keep whole words inside their petal.
  const scale = Math.min(1, Math.max(0.7, labelWidth / 240));
  const sz = (size: number) => Math.round(size * scale);

  const petals: { order: number; svg: string }[] = [];
  const labels: string[] = [];
  summary.petals.forEach((petal, i) => {
    const angle = -90 + (360 / n) * i;
    const base = petal.color ?? FALLBACK_COLOURS[i % FALLBACK_COLOURS.length]!;
    const hidden = petal.heard === null;
    const share = hidden ? 0 : (petal.heard ?? 0) / maxHeard;
    const fill = hidden ? '#eef0f2' : mix('#ffffff', base, petal.heard === 0 ? 0.1 : 0.22 + 0.78 * share);
    const stroke = hidden || petal.heard === 0 ? mix('#ffffff', base, 0.7) : mix('#000000', base, 0.8);
    const dash = hidden || petal.heard === 0 ? ' stroke-dasharray="12 9"' : '';
    petals.push({
      order: hidden ? -1 : (petal.heard ?? 0),
      svg: `<path d="${petalPath(halfWidth)}" transform="translate(${CENTRE.x} ${CENTRE.y}) rotate(${angle + 90})" fill="${fill}" stroke="${stroke}" stroke-width="4"${dash}/>`,
    });

    const rad = (angle * Math.PI) / 180;
    const lx = CENTRE.x + LABEL_AT * Math.cos(rad);
    const ly = CENTRE.y + LABEL_AT * Math.sin(rad);
    const dark = prefersDarkText(fill);
    const ink = dark ? INK : '#ffffff';
    // Muted grey only on the pale, hidden petals; on colour it would not stand out.
    const soft = hidden || petal.heard === 0 ? MUTED : ink;
    const lines: Line[] = [];
    for (const l of wrap(petal.name, labelWidth, sz(26)))
      lines.push({ text: l, size: sz(26), bold: true, color: ink });
    lines.push({
      text: hidden
        ? 'number not shown'
        : petal.heard === 0
          ? 'nobody heard yet'
          : `${petal.heard} ${petal.heard === 1 ? 'person' : 'people'}`,
      size: sz(21),
      bold: false,
      color: soft,
    });
    const top = petal.topMotivators[0];
    if (top) {
      // A no-break space keeps the heart with the first word.
      for (const l of wrap(`♥\u00a0${motivatorName.get(top.id) ?? top.id}`, labelWidth, sz(21))) {
        lines.push({ text: l, size: sz(21), bold: false, color: ink });
      }
    }
    if (petal.dominantStageId) {
      lines.push({
        text: stageName.get(petal.dominantStageId) ?? petal.dominantStageId,
        size: sz(19),
        bold: true,
        color: ink,
      });
    }
    labels.push(textBlock(lx, ly, lines));
  });

  const centreLines: Line[] = [
    { text: 'OSPO', size: 40, bold: true, color: '#ffffff' },
    { text: `${summary.peopleHeard} heard`, size: 21, bold: false, color: '#e5e7eb' },
  ];
  if (summary.nextSteps.stageId) {
    centreLines.push({ text: 'mostly at', size: 16, bold: false, color: '#cbd2d9' });
    centreLines.push({
      text: stageName.get(summary.nextSteps.stageId) ?? '',
      size: 18,
      bold: true,
      color: '#fde68a',
    });
  }
  if (summary.consistency.score !== null) {
    centreLines.push({
      text: `${Math.round(summary.consistency.score * 100)}% alike`,
      size: 18,
      bold: false,
      color: '#e5e7eb',
    });
  }

  const weekNo = summary.week.replace(/^\d{4}-W0?/, '');
  const subtitle = [
    options.dateRange,
    `${summary.peopleHeard} ${summary.peopleHeard === 1 ? 'person' : 'people'} heard`,
  ]
    .filter(Boolean)
    .join(' · ');

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<rect width="${width}" height="${height}" fill="#fbfaf7"/>`,
    `<text x="${width / 2}" y="70" text-anchor="middle" font-size="44" font-weight="bold" fill="${INK}">${xml(`The OSPO flower · week ${weekNo}`)}</text>`,
    `<text x="${width / 2}" y="112" text-anchor="middle" font-size="24" fill="${MUTED}">${xml(subtitle)}</text>`,
    // Pale petals first, the most heard last: where petals overlap, the fuller one lies on top.
    ...petals.sort((a, b) => a.order - b.order).map((p) => p.svg),
    `<circle cx="${CENTRE.x}" cy="${CENTRE.y}" r="${INNER + 28}" fill="${INK}" stroke="#fbfaf7" stroke-width="8"/>`,
    textBlock(CENTRE.x, CENTRE.y, centreLines),
    ...labels,
    legend(summary.minGroup, height),
    '</svg>',
  ].join('\n');
}

interface Line {
  text: string;
  size: number;
  bold: boolean;
  color: string;
}

/** A teardrop pointing up from the centre: narrow at the OSPO, widest two thirds out, rounded at the tip. */
function petalPath(halfWidth: number): string {
  const w = halfWidth * 1.12;
  const a = INNER - 10;
  const r = OUTER;
  return `M 0 ${-a} C ${f(w * 0.55)} ${f(-a - 40)} ${f(w)} ${f(-r * 0.5)} ${f(w * 0.78)} ${f(-r * 0.78)} C ${f(w * 0.55)} ${f(-r * 0.98)} ${f(w * 0.18)} ${f(-r)} 0 ${f(-r)} C ${f(-w * 0.18)} ${f(-r)} ${f(-w * 0.55)} ${f(-r * 0.98)} ${f(-w * 0.78)} ${f(-r * 0.78)} C ${f(-w)} ${f(-r * 0.5)} ${f(-w * 0.55)} ${f(-a - 40)} 0 ${-a} Z`;
}

function textBlock(cx: number, cy: number, lines: readonly Line[]): string {
  const gap = 1.25;
  const heights = lines.map((l) => l.size * gap);
  const total = heights.reduce((a, b) => a + b, 0);
  let y = cy - total / 2;
  const out: string[] = [];
  lines.forEach((l, i) => {
    y += heights[i]!;
    out.push(
      `<text x="${f(cx)}" y="${f(y - l.size * 0.3)}" text-anchor="middle" font-size="${l.size}"${l.bold ? ' font-weight="bold"' : ''} fill="${l.color}">${xml(l.text)}</text>`,
    );
  });
  return out.join('\n');
}

function legend(minGroup: number, height: number): string {
  const y = height - 70;
  const x0 = 160;
  const stops = [0.22, 0.48, 0.74, 1].map((t, i) => {
    const x = x0 + i * 44;
    return `<rect x="${x}" y="${y - 22}" width="40" height="28" rx="6" fill="${mix('#ffffff', '#3b7dd8', t)}" stroke="#9aa5b1" stroke-width="1"/>`;
  });
  return [
    ...stops,
    `<text x="${x0 + 4 * 44 + 14}" y="${y}" font-size="20" fill="${MUTED}">${xml('shade = people heard (paler = fewer)')}</text>`,
    `<rect x="${x0}" y="${y + 18}" width="40" height="28" rx="6" fill="#eef0f2" stroke="#9aa5b1" stroke-width="2" stroke-dasharray="6 4"/>`,
    `<text x="${x0 + 54}" y="${y + 40}" font-size="20" fill="${MUTED}">${xml(`number not shown: protects a group under ${minGroup} · ♥ top motivator · bold: most common stage`)}</text>`,
  ].join('\n');
}

/** "Stage 1: Usage" → "Stage 1 · Usage"; other models' names as they are. */
export function shortStage(name: string): string {
  const m = /^Stage (\d+):\s*(.+)$/.exec(name);
  return m ? `Stage ${m[1]} · ${m[2]!.replace(/\s*\(.*\)$/, '')}` : name;
}

/** Greedy word wrap by an estimate of DejaVu Sans's widths (about 0.6 em a character); three lines at most. */
export function wrap(text: string, maxWidth: number, size: number): string[] {
  const perLine = Math.max(6, Math.floor(maxWidth / (size * 0.6)));
  // Only ordinary spaces break a line; a no-break space holds its neighbours together.
  const words = text.split(/[ \t\n]+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if ([...candidate].length <= perLine || !current) current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  const capped = lines
    .slice(0, 3)
    .map((l) => ([...l].length > perLine ? `${[...l].slice(0, perLine - 1).join('')}…` : l));
  if (lines.length > 3) capped[2] = `${[...capped[2]!].slice(0, perLine - 1).join('')}…`;
  return capped;
}

export function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function f(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

function rgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Colour a → b by t (0 gives a, 1 gives b). */
export function mix(a: string, b: string, t: number): string {
  const ca = rgb(a);
  const cb = rgb(b);
  const c = ca.map((x, i) => Math.round(x + (cb[i]! - x) * Math.min(1, Math.max(0, t))));
  return `#${c.map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG contrast: dark text when it stands out more than white would. */
export function prefersDarkText(fill: string): boolean {
  const l = luminance(fill);
  const withDark = (l + 0.05) / (luminance(INK) + 0.05);
  const withWhite = 1.05 / (l + 0.05);
  return withDark >= withWhite;
}

/** Relative luminance (0 black … 1 white), to pick dark or light text on a fill. */
export function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((x) => {
    const s = x / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
