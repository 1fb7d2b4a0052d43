import { consistency } from './consistency.js';
import { CountTable, protectCounts, published } from './suppress.js';
import type { Cell, ConsistencySummary, MotivatorSummary, PetalSummary, StageColumn } from './types.js';

/** What the digest breaks people down by, in display order. Taken from the taxonomy; nothing here is hard-coded. */
export interface Dimensions {
  petals: readonly { id: string; name: string; color?: string | undefined; emoji?: string | undefined }[];
  motivators: readonly { id: string; name: string }[];
  /** Stages of the model shown to people, least mature first. */
  stages: readonly StageColumn[];
}

/** One person (or `count` people alike), as indices into Dimensions; -1 for a petal or stage not known yet. */
export interface PersonProfile {
  petal: number;
  stage: number;
  motivators: readonly number[];
  /** How many people share exactly this profile. Default 1. */
  count?: number;
}

export interface Aggregates {
  peopleHeard: number;
  unplacedPetal: Cell;
  unplacedPetalCells: Cell[];
  petals: PetalSummary[];
  motivators: MotivatorSummary[];
  consistency: ConsistencySummary;
  /** The most common stage across people placed on one, when at least minGroup people are at it (named only). */
  evidenceStageId: string | null;
}

const TOP_MOTIVATORS = 3;

/**
 * Counts people by petal, stage and motivator and applies the small-group rules to everything that is published:
 * the petal × stage map (with the petals' and stages' totals), the motivator × stage map (with motivator totals)
 * and each petal's top motivators (whose column totals are those same motivator totals). All in one protection
 * problem, so that a total shared by two tables cannot undo the other's hiding.
 */
export function aggregate(people: readonly PersonProfile[], dims: Dimensions, minGroup: number): Aggregates {
  const P = dims.petals.length;
  const S = dims.stages.length;
  const M = dims.motivators.length;
  // Row P is "petal not known"; column S is "stage not known".
  const ps = grid(P + 1, S + 1);
  const ms = grid(M, S + 1);
  const pm = grid(P + 1, M);
  let grand = 0;
  for (const person of people) {
    const n = person.count ?? 1;
    grand += n;
    const p = person.petal >= 0 && person.petal < P ? person.petal : P;
    const s = person.stage >= 0 && person.stage < S ? person.stage : S;
    ps[p]![s]! += n;
    for (const m of new Set(person.motivators)) {
      if (m < 0 || m >= M) continue;
      ms[m]![s]! += n;
      pm[p]![m]! += n;
    }
  }

  const heard = ps.map(sum);
  const stageTotal = columnSums(ps);
  const motTotal = ms.map(sum);

  // The top motivators of each petal: the most named, each by at least minGroup people of the petal.
  const top = pm.slice(0, P).map((row) =>
    row
      .map((n, m) => ({ m, n }))
      .filter(({ n }) => n >= minGroup)
      .sort((a, b) => b.n - a.n || a.m - b.m)
      .slice(0, TOP_MOTIVATORS)
      .map(({ m }) => m),
  );

  const table = new CountTable();
  const grandIx = table.add(grand);
  const heardIx = heard.map((n) => table.add(n));
  const psIx = ps.map((row) => row.map((n) => table.add(n)));
  const motIx = motTotal.map((n) => table.add(n));
  const msIx = ms.map((row) => row.map((n) => table.add(n)));
  const pmIx = pm.map((row) => row.map((n) => table.add(n)));
  // Petal × stage: each row adds up to the petal's people, and the petals' people to everyone heard. Stage
  // totals are not published: one small "not placed yet" group would otherwise force hiding across every column.
  for (let p = 0; p <= P; p++) table.sum(psIx[p]!, heardIx[p]!);
  table.sum(heardIx, grandIx);
  // Motivator × stage rows add up to the motivator's people; so do the petal × motivator columns (one petal each).
  for (let m = 0; m < M; m++) table.sum(msIx[m]!, motIx[m]!);
  for (let m = 0; m < M; m++)
    table.sum(
      pmIx.map((row) => row[m]!),
      motIx[m]!,
    );

  const unpublished = new Set<number>();
  pmIx.forEach((row, p) => {
    row.forEach((ix, m) => {
      if (!(top[p] ?? []).includes(m)) unpublished.add(ix);
    });
  });
  // Everyone heard is published whatever its size. The pin never has to give way: the petals' sizes that add up to
  // it are at least two (a taxonomy has a petal, and there is the "not known" row), so when one is hidden another
  // can always be hidden beside it.
  const hidden = protectCounts(table.counts, table.sums, {
    minGroup,
    unpublished,
    pinned: new Set([grandIx]),
  });
  const show = (ix: number): Cell => published(table.counts, hidden, ix);

  const stageIdOf = (row: readonly number[]): string | null => {
    let best = -1;
    for (let s = 0; s < S; s++) if (best < 0 || row[s]! > row[best]!) best = s;
    return best >= 0 && row[best]! >= minGroup ? dims.stages[best]!.id : null;
  };

  const petals: PetalSummary[] = dims.petals.map((petal, p) => ({
    id: petal.id,
    name: petal.name,
    color: petal.color,
    emoji: petal.emoji,
    heard: show(heardIx[p]!),
    stageCells: psIx[p]!.map(show),
    dominantStageId: stageIdOf(ps[p]!),
    topMotivators: top[p]!.map((m) => ({ id: dims.motivators[m]!.id, people: show(pmIx[p]![m]!) })),
  }));

  const motivators: MotivatorSummary[] = dims.motivators.map((motivator, m) => ({
    id: motivator.id,
    name: motivator.name,
    people: show(motIx[m]!),
    stageCells: msIx[m]!.map(show),
    stageId: stageIdOf(ms[m]!),
  }));

  // Only petals with enough people are compared: a petal of two would make the figure a statement about two people.
  const compared = dims.petals.map((_, p) => p).filter((p) => heard[p]! >= minGroup);
  const result = consistency(compared.map((p) => pm[p]!));
  const comparedWithMotivators = compared.filter((p) => pm[p]!.some((n) => n > 0));

  return {
    peopleHeard: grand,
    unplacedPetal: show(heardIx[P]!),
    unplacedPetalCells: psIx[P]!.map(show),
    petals,
    motivators,
    consistency: {
      score: result.score === null ? null : round(result.score, 3),
      petalsCompared: comparedWithMotivators.length,
      mostDifferent: result.mostDifferent
        ? {
            petalId: dims.petals[compared[result.mostDifferent.index]!]!.id,
            similarity: round(result.mostDifferent.similarity, 3),
          }
        : null,
    },
    evidenceStageId: stageIdOf(stageTotal),
  };
}

function grid(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

function sum(row: readonly number[]): number {
  let total = 0;
  for (const n of row) total += n;
  return total;
}

function columnSums(rows: readonly (readonly number[])[]): number[] {
  const out = new Array<number>(rows[0]?.length ?? 0).fill(0);
  for (const row of rows) {
    row.forEach((n, i) => {
      out[i]! += n;
    });
  }
  return out;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
