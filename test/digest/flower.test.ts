import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/digest/aggregate.js';
import { digestDimensions } from '../../src/digest/build.js';
import { FLOWER_SIZE, flowerSvg, wrap } from '../../src/digest/flowerSvg.js';
import { nextSteps } from '../../src/digest/nextSteps.js';
import { svgToPng } from '../../src/digest/png.js';
import type { DigestSummary } from '../../src/digest/types.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';
import { decodePng } from './decodePng.js';

const taxonomy = loadTaxonomy();
const dims = digestDimensions(taxonomy);

function summaryFor(
  groups: { petal: number; stage: number; motivators: number[]; count: number }[],
): DigestSummary {
  const agg = aggregate(groups, dims, 3);
  return {
    version: 1,
    week: '2026-W48',
    occurrence: '2026-11-23T08:00:00.000Z',
    generatedAt: '2026-11-23T08:00:00.000Z',
    late: false,
    minGroup: 3,
    modelId: taxonomy.defaultModel.id,
    taxonomyVersion: taxonomy.version,
    peopleHeard: agg.peopleHeard,
    unplacedPetal: agg.unplacedPetal,
    campaigns: [],
    campaignsTotal: 0,
    stages: dims.stages.map((s) => ({ ...s })),
    unplacedPetalCells: agg.unplacedPetalCells,
    petals: agg.petals,
    motivators: agg.motivators,
    consistency: agg.consistency,
    nextSteps: nextSteps(agg.evidenceStageId, taxonomy.defaultModel, taxonomy, new Map()),
  };
}

const summary = summaryFor([
  { petal: 0, stage: 2, motivators: [11, 5], count: 14 },
  { petal: 1, stage: 1, motivators: [5, 9], count: 9 },
  { petal: 2, stage: 1, motivators: [3, 6], count: 6 },
  { petal: 3, stage: 1, motivators: [0], count: 2 },
  { petal: 4, stage: 2, motivators: [1, 2], count: 11 },
  { petal: 5, stage: 3, motivators: [0, 1], count: 5 },
]);

/** Pixels darker than this count as ink (text, outlines). */
function darkPixels(png: ReturnType<typeof decodePng>, y0: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < png.width; x++) {
      const [r, g, b] = png.pixel(x, y);
      if (r! + g! + b! < 240) n++;
    }
  }
  return n;
}

describe('the flower picture', () => {
  it('draws one petal per taxonomy petal, each labelled with its name, top motivator and stage', () => {
    const svg = flowerSvg(summary);
    expect(svg.match(/<path /g)?.length).toBe(taxonomy.petals.length);
    expect(svg).toContain('Individual');
    // Individual contributors name velocity and reputation equally (14 each): the taxonomy's order breaks the tie.
    expect(svg).toMatch(/♥\u00a0Development(<\/text>\s*<text[^>]*>| )velocity/);
    expect(svg).toContain('Stage 2 · Participation');
    // The small petal (Business, 2 people) shows no figures.
    expect(svg).not.toMatch(/>2 people</);
    expect(svg).toContain('number not shown');
  });

  it('escapes taxonomy text for XML', () => {
    const odd = {
      ...summary,
      petals: summary.petals.map((p, i) => (i === 0 ? { ...p, name: 'R&D <core>' } : p)),
    };
    const svg = flowerSvg(odd);
    expect(svg).toContain('R&amp;D &lt;core&gt;');
    expect(() => new Resvg(svg)).not.toThrow();
  });

  it('renders to a PNG of the expected size that decodes, with text drawn from the shipped fonts', async () => {
    const png = await svgToPng(flowerSvg(summary, { dateRange: '23 Nov' }));
    expect(png.length).toBeGreaterThan(20_000);
    expect(png.length).toBeLessThan(2_000_000);
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([FLOWER_SIZE.width, FLOWER_SIZE.height]);
    // The OSPO at the centre is a dark disc.
    const [r, g, b] = image.pixel(FLOWER_SIZE.width / 2, 640);
    expect(r! + g! + b!).toBeLessThan(200);
    // The title band has ink: without fonts resvg silently draws no text at all.
    expect(darkPixels(image, 20, 130)).toBeGreaterThan(2_000);
  });

  it('(control) the same picture without fonts has an empty title band, so the check above means something', () => {
    const bare = new Resvg(flowerSvg(summary), {
      font: { loadSystemFonts: false },
      fitTo: { mode: 'original' },
    })
      .render()
      .asPng();
    expect(darkPixels(decodePng(bare), 20, 130)).toBe(0);
  });

  it('shades petals by people heard: the most heard is the most saturated', async () => {
    const image = decodePng(await svgToPng(flowerSvg(summary)));
    // Sample each petal halfway out along its axis, off the label.
    const n = summary.petals.length;
    const saturation = summary.petals.map((_, i) => {
      const angle = ((-90 + (360 / n) * i) * Math.PI) / 180;
      const x = Math.round(600 + 430 * Math.cos(angle));
      const y = Math.round(670 + 430 * Math.sin(angle));
      const [pr, pg, pb] = image.pixel(x, y);
      return Math.max(pr!, pg!, pb!) - Math.min(pr!, pg!, pb!);
    });
    const heard = summary.petals.map((p) => p.heard ?? 0);
    const most = heard.indexOf(Math.max(...heard));
    expect(saturation.indexOf(Math.max(...saturation))).toBe(most);
  });

  it('wraps labels to at most three lines', () => {
    expect(wrap('Sustainability of the projects we depend on', 200, 21).length).toBeLessThanOrEqual(3);
    expect(wrap('Legal', 200, 26)).toEqual(['Legal']);
  });
});
