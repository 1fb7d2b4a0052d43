import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, type Dimensions, type PersonProfile } from '../../src/digest/aggregate.js';
import { CountTable, protectCounts } from '../../src/digest/suppress.js';

/** A table with row and column totals and a grand total, as the digest publishes the petal × stage map. */
function tableWithMargins(cells: number[][]) {
  const t = new CountTable();
  const grand = t.add(cells.flat().reduce((a, b) => a + b, 0));
  const cellIx = cells.map((row) => row.map((n) => t.add(n)));
  const rowIx = cells.map((row) => t.add(row.reduce((a, b) => a + b, 0)));
  const colIx = cells[0]!.map((_, c) => t.add(cells.reduce((a, row) => a + row[c]!, 0)));
  for (const [r, row] of cellIx.entries()) t.sum(row, rowIx[r]!);
  for (const [c, ix] of colIx.entries())
    t.sum(
      cellIx.map((row) => row[c]!),
      ix,
    );
  t.sum(rowIx, grand);
  t.sum(colIx, grand);
  return { t, grand, cellIx, rowIx, colIx };
}

/** What a reader can recover: any published sum with exactly one unknown term gives that term away. */
function recoverable(t: CountTable, hidden: boolean[]): number[] {
  const known = hidden.map((h) => !h);
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of t.sums) {
      const members = [...s.parts, s.total];
      const unknown = members.filter((i) => !known[i]);
      if (unknown.length === 1) {
        known[unknown[0]!] = true;
        changed = true;
      }
    }
  }
  return hidden.map((h, i) => (h && known[i] ? i : -1)).filter((i) => i >= 0);
}

describe('small-group protection', () => {
  it('hides counts from 1 to minGroup − 1 and shows zeros and larger counts', () => {
    const { t, cellIx } = tableWithMargins([
      [0, 5, 7],
      [4, 6, 9],
    ]);
    const hidden = protectCounts(t.counts, t.sums, { minGroup: 3 });
    expect(cellIx.flat().map((i) => hidden[i])).toEqual([false, false, false, false, false, false]);

    const small = tableWithMargins([
      [2, 5, 7],
      [4, 6, 9],
    ]);
    const h2 = protectCounts(small.t.counts, small.t.sums, { minGroup: 3 });
    expect(h2[small.cellIx[0]![0]!]).toBe(true);
  });

  it('hides a second cell in the row and the column of a small one, so totals do not give it away', () => {
    // Legal has 2 people at stage 0: without complements, 14 − 5 − 7 would reveal them.
    const { t, cellIx } = tableWithMargins([
      [2, 5, 7],
      [4, 6, 9],
    ]);
    const hidden = protectCounts(t.counts, t.sums, { minGroup: 3 });
    const row0 = cellIx[0]!.filter((i) => hidden[i]).length;
    const col0 = cellIx.map((r) => r[0]!).filter((i) => hidden[i]).length;
    expect(row0).toBeGreaterThanOrEqual(2);
    expect(col0).toBeGreaterThanOrEqual(2);
    expect(recoverable(t, hidden)).toEqual([]);
  });

  it('never leaves a hidden count recoverable by subtraction, whatever the table (property)', () => {
    const counts = fc.integer({ min: 0, max: 12 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((rows) =>
          fc.integer({ min: 1, max: 6 }).chain((cols) =>
            fc.array(fc.array(counts, { minLength: cols, maxLength: cols }), {
              minLength: rows,
              maxLength: rows,
            }),
          ),
        ),
        fc.integer({ min: 2, max: 5 }),
        (cells, k) => {
          const { t, grand } = tableWithMargins(cells);
          const hidden = protectCounts(t.counts, t.sums, { minGroup: k, pinned: new Set([grand]) });
          // Every small count is hidden…
          t.counts.forEach((n, i) => {
            if (i !== grand && n > 0 && n < k) expect(hidden[i]).toBe(true);
          });
          // …and none of the hidden ones can be worked out from what is shown.
          const leaked = recoverable(t, hidden).filter((i) => t.counts[i]! > 0 && t.counts[i]! < k);
          expect(leaked).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});

const dims: Dimensions = {
  petals: [
    { id: 'legal', name: 'Legal' },
    { id: 'business', name: 'Business' },
    { id: 'management', name: 'Management' },
  ],
  motivators: [
    { id: 'compliance', name: 'Compliance' },
    { id: 'velocity', name: 'Development velocity' },
    { id: 'cost', name: 'Cost' },
  ],
  stages: [
    { id: 's0', name: 'Stage 0', order: 0 },
    { id: 's1', name: 'Stage 1', order: 1 },
    { id: 's2', name: 'Stage 2', order: 2 },
  ],
};

function people(petal: number, stage: number, motivators: number[], n: number): PersonProfile[] {
  return Array.from({ length: n }, () => ({ petal, stage, motivators }));
}

/** Every count the summary publishes, with where it is. */
function publishedCounts(agg: ReturnType<typeof aggregate>): { where: string; n: number | null }[] {
  const out: { where: string; n: number | null }[] = [];
  out.push({ where: 'unplacedPetal', n: agg.unplacedPetal });
  for (const [i, n] of agg.unplacedPetalCells.entries()) out.push({ where: `unplaced ${i}`, n });
  for (const p of agg.petals) {
    out.push({ where: `${p.id} heard`, n: p.heard });
    for (const [i, n] of p.stageCells.entries()) out.push({ where: `${p.id} stage ${i}`, n });
    for (const m of p.topMotivators) out.push({ where: `${p.id} ${m.id}`, n: m.people });
  }
  for (const m of agg.motivators) {
    out.push({ where: `${m.id} people`, n: m.people });
    for (const [i, n] of m.stageCells.entries()) out.push({ where: `${m.id} stage ${i}`, n });
  }
  return out;
}

describe('aggregate: the digest’s published counts on a crafted small group', () => {
  // Legal: only two people (one at stage 0, one at stage 2). Business: 6. Management: 5.
  const crowd = [
    ...people(0, 0, [0], 1),
    ...people(0, 2, [0, 1], 1),
    ...people(1, 1, [1, 2], 4),
    ...people(1, 2, [1], 2),
    ...people(2, 1, [2, 0], 3),
    ...people(2, 0, [2], 2),
  ];
  const agg = aggregate(crowd, dims, 3);

  it('shows no count between 1 and minGroup − 1 anywhere', () => {
    const bad = publishedCounts(agg).filter((c) => c.n !== null && c.n > 0 && c.n < 3);
    expect(bad).toEqual([]);
  });

  it('hides the small petal, names no stage and no motivator for it, and still counts everyone', () => {
    const legal = agg.petals.find((p) => p.id === 'legal')!;
    expect(legal.heard).toBeNull();
    expect(legal.dominantStageId).toBeNull();
    expect(legal.topMotivators).toEqual([]);
    expect(agg.peopleHeard).toBe(13);
    // Legal's 2 could be had as 13 − 6 − 5 if both other petals showed their size: one more is hidden.
    expect(agg.petals.filter((p) => p.heard === null).length).toBeGreaterThanOrEqual(2);
  });

  it('names a petal’s stage and top motivators only when at least minGroup people back them', () => {
    const business = agg.petals.find((p) => p.id === 'business')!;
    expect(business.dominantStageId).toBe('s1'); // 4 people at stage 1
    expect(business.topMotivators.map((m) => m.id)).toEqual(['velocity', 'cost']); // 6 and 4 people
    const management = agg.petals.find((p) => p.id === 'management')!;
    expect(management.dominantStageId).toBe('s1'); // 3 at stage 1, 2 at stage 0
    expect(management.topMotivators.map((m) => m.id)).toEqual(['cost', 'compliance']); // 5 and 3
  });

  it('with random crowds, nothing small shows and nothing hidden can be recomputed (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            petal: fc.integer({ min: -1, max: 2 }),
            stage: fc.integer({ min: -1, max: 2 }),
            motivators: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
            count: fc.integer({ min: 1, max: 4 }),
          }),
          { maxLength: 12 },
        ),
        fc.integer({ min: 2, max: 5 }),
        (groups, k) => {
          const result = aggregate(groups, dims, k);
          for (const c of publishedCounts(result)) {
            if (c.n !== null) expect(c.n === 0 || c.n >= k, `${c.where} = ${c.n} with k = ${k}`).toBe(true);
          }
          // Row check of the petal × stage map: a shown petal total never has exactly one hidden stage cell.
          for (const p of result.petals) {
            if (p.heard === null) continue;
            expect(p.stageCells.filter((n) => n === null).length).not.toBe(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
