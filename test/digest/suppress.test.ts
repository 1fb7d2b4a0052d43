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

/**
 * What a reader can recover: any published sum with exactly one unknown term gives that term away. `shown` are
 * counts published whatever `hidden` says (pinned ones); `unpublished` are never seen but may be worked out.
 */
function recoverable(
  t: CountTable,
  hidden: boolean[],
  shown: ReadonlySet<number> = new Set(),
  unpublished: ReadonlySet<number> = new Set(),
): number[] {
  const known = hidden.map((h, i) => shown.has(i) || (!h && !unpublished.has(i)));
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
  return hidden.map((h, i) => (h && known[i] && !shown.has(i) ? i : -1)).filter((i) => i >= 0);
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
          const pinned = new Set([grand]);
          const hidden = protectCounts(t.counts, t.sums, { minGroup: k, pinned });
          // Every small count is hidden…
          t.counts.forEach((n, i) => {
            if (i !== grand && n > 0 && n < k) expect(hidden[i]).toBe(true);
          });
          // The pin gives way only where the grand total has a single part (one row or one column): it then equals
          // that part, and the caller must not publish it.
          if (hidden[grand]) expect(cells.length === 1 || cells[0]!.length === 1).toBe(true);
          // …and none of the hidden ones can be worked out from what is shown, the always-shown grand total included.
          expect(recoverable(t, hidden, hidden[grand] ? new Set() : pinned)).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the one group everyone is in hidden when the always-shown grand total is itself small', () => {
    // 2 people heard, both in Legal at stage 0. The grand total (2) is published whatever happens; had it been
    // counted as hidden, Business's 0 would give Legal away as 2 − 0, and Legal's stage cell with it.
    const { t, grand, cellIx, rowIx } = tableWithMargins([
      [2, 0],
      [0, 0],
    ]);
    const pinned = new Set([grand]);
    const hidden = protectCounts(t.counts, t.sums, { minGroup: 3, pinned });
    expect(hidden[grand]).toBe(false);
    expect(hidden[rowIx[0]!]).toBe(true);
    expect(hidden[cellIx[0]![0]!]).toBe(true);
    expect(recoverable(t, hidden, pinned)).toEqual([]);
  });

  it('lets a pin give way when every other term of a small count’s sum is pinned', () => {
    // 2 + 5 = 7 with 5 and 7 both pinned: hiding nothing else would leave 7 − 5 = 2 for anyone to read off.
    const t = new CountTable();
    const small = t.add(2);
    const other = t.add(5);
    const total = t.add(7);
    t.sum([small, other], total);
    const pinned = new Set([other, total]);
    const hidden = protectCounts(t.counts, t.sums, { minGroup: 3, pinned });
    expect(hidden[small]).toBe(true);
    expect(hidden[other] || hidden[total]).toBe(true);
    const stillShown = new Set([...pinned].filter((i) => !hidden[i]));
    expect(recoverable(t, hidden, stillShown)).toEqual([]);
  });

  it('treats an unpublished count the reader can work out as known in every other sum it is in', () => {
    // u is never shown, but u = 9 − 4; then x = 11 − u would reveal the 2 unless something else in that sum hides.
    const t = new CountTable();
    const u = t.add(5);
    const a = t.add(4);
    const first = t.add(9);
    const x = t.add(2);
    const second = t.add(7);
    t.sum([u, a], first);
    t.sum([u, x], second);
    const unpublished = new Set([u]);
    const hidden = protectCounts(t.counts, t.sums, { minGroup: 3, unpublished });
    expect(hidden[x]).toBe(true);
    expect(recoverable(t, hidden, new Set(), unpublished).filter((i) => !unpublished.has(i))).toEqual([]);
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

/**
 * Everything a reader can work out from the published summary alone by subtracting shown terms from shown totals:
 * each petal's stage cells add up to its size, the sizes to everyone heard, each motivator's stage cells to its
 * people, and so does its column of petals (the petal × motivator counts not published are unknowns). Returns the
 * hidden counts that fall out.
 */
function recoveredFromSummary(agg: ReturnType<typeof aggregate>): string[] {
  const value = new Map<string, number | null>();
  const sums: { parts: string[]; total: string }[] = [];
  value.set('everyone', agg.peopleHeard);
  const rows = [
    ...agg.petals.map((p) => ({ key: p.id, heard: p.heard, cells: p.stageCells })),
    { key: 'unplaced', heard: agg.unplacedPetal, cells: agg.unplacedPetalCells },
  ];
  for (const row of rows) {
    value.set(`${row.key} heard`, row.heard);
    for (const [s, n] of row.cells.entries()) value.set(`${row.key} stage ${s}`, n);
    sums.push({ parts: row.cells.map((_, s) => `${row.key} stage ${s}`), total: `${row.key} heard` });
  }
  sums.push({ parts: rows.map((r) => `${r.key} heard`), total: 'everyone' });
  for (const m of agg.motivators) {
    value.set(`${m.id} people`, m.people);
    for (const [s, n] of m.stageCells.entries()) value.set(`${m.id} stage ${s}`, n);
    sums.push({ parts: m.stageCells.map((_, s) => `${m.id} stage ${s}`), total: `${m.id} people` });
    for (const row of rows) {
      const top = agg.petals.find((p) => p.id === row.key)?.topMotivators.find((t) => t.id === m.id);
      value.set(`${row.key} × ${m.id}`, top ? top.people : null);
    }
    sums.push({ parts: rows.map((r) => `${r.key} × ${m.id}`), total: `${m.id} people` });
  }
  const hiddenTop = new Set(
    agg.petals.flatMap((p) =>
      p.topMotivators.filter((t) => t.people === null).map((t) => `${p.id} × ${t.id}`),
    ),
  );
  const known = new Set([...value].filter(([, n]) => n !== null).map(([k]) => k));
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of sums) {
      const unknown = [...s.parts, s.total].filter((k) => !known.has(k));
      if (unknown.length === 1) {
        known.add(unknown[0]!);
        changed = true;
      }
    }
  }
  // Published-but-hidden counts: the nulls of the summary (top motivators named with their count hidden included).
  return [...value]
    .filter(([k, n]) => known.has(k) && n === null && (!k.includes(' × ') || hiddenTop.has(k)))
    .map(([k]) => k);
}

describe('aggregate: no hidden count can be worked out from the published summary', () => {
  it('hides a second petal when everyone heard so far is in one small petal (the grand total is always shown)', () => {
    const agg = aggregate(people(0, 0, [0], 2), dims, 3);
    expect(agg.peopleHeard).toBe(2);
    expect(agg.petals[0]!.heard).toBeNull();
    expect(recoveredFromSummary(agg)).toEqual([]);
  });

  it('with random small crowds, including ones smaller than minGroup, subtraction recovers nothing (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            petal: fc.integer({ min: -1, max: 2 }),
            stage: fc.integer({ min: -1, max: 2 }),
            motivators: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
            count: fc.integer({ min: 1, max: 4 }),
          }),
          { maxLength: 8 },
        ),
        fc.integer({ min: 2, max: 5 }),
        (groups, k) => {
          const result = aggregate(groups, dims, k);
          expect(recoveredFromSummary(result)).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

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
