/**
 * Small-group protection for published counts.
 *
 * Primary suppression hides every count from 1 to minGroup − 1. That alone is not enough: when a row total is
 * published and only one cell of the row is hidden, the reader subtracts and finds it. Complementary suppression
 * hides a second cell on every such line, until no published sum has exactly one hidden term. Zero counts are shown
 * (an empty cell names nobody) but may be hidden as complements.
 *
 * The problem is stated generally: a list of counts (cells and totals alike) and a list of sums that hold between
 * them ("these cells add up to that total"). The digest puts all its tables into one problem, so that a total shared
 * by two tables (people per motivator) is protected in both at once.
 */

export interface SumConstraint {
  /** Indices of the counts that add up to `total`. */
  parts: readonly number[];
  /** Index of the published total. */
  total: number;
}

export interface ProtectOptions {
  minGroup: number;
  /** Counts the reader never sees (not published): they count as hidden but need no protection. */
  unpublished?: ReadonlySet<number>;
  /**
   * Counts the caller always publishes (e.g. the grand total): never hidden for being small (the reader sees them
   * anyway, so they are treated as known) and chosen as complements only when nothing else can be.
   */
  pinned?: ReadonlySet<number>;
}

/** Returns, for each count, whether it must be hidden. */
export function protectCounts(
  counts: readonly number[],
  sums: readonly SumConstraint[],
  options: ProtectOptions,
): boolean[] {
  const { minGroup } = options;
  const unpublished = options.unpublished ?? new Set<number>();
  const pinned = options.pinned ?? new Set<number>();
  // A pinned count is shown whatever it is: calling it hidden would let a sum look protected by an unknown the
  // reader actually knows (2 people heard, all in one petal, every other petal 0: that petal is 2).
  const hidden = counts.map((n, i) => n > 0 && n < minGroup && !pinned.has(i));
  // Unpublished counts the reader can work out anyway (the only unknown of a sum); from then on they are known
  // terms in every other sum they belong to. Only ever grows, which can only make the protection stricter.
  const worked = counts.map(() => false);
  const isHidden = (i: number) => hidden[i]! || (unpublished.has(i) && !worked[i]);
  const totals = new Set(sums.map((s) => s.total));

  // Each pass can only hide or work out more, so the loop ends after at most 2 × counts.length changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const sum of sums) {
      const members = [...sum.parts, sum.total];
      const hiddenMembers = members.filter(isHidden);
      if (hiddenMembers.length !== 1) continue;
      const lone = hiddenMembers[0]!;
      if (unpublished.has(lone) && !hidden[lone]) {
        // Nothing secret in it, but the reader now knows it, which may leave another sum with one unknown.
        worked[lone] = true;
        changed = true;
        continue;
      }
      // Every other term is pinned only when the sum is a pinned total over a single part (or pinned parts): the
      // pin must then give way, or the lone hidden count is simply read off. Callers that publish pinned counts
      // unconditionally must make sure this cannot happen (aggregate.ts: the grand total has ≥ 2 parts).
      const pick =
        chooseComplement(members, counts, minGroup, isHidden, pinned, totals) ??
        chooseComplement(members, counts, minGroup, isHidden, new Set(), totals);
      if (pick === undefined) continue;
      hidden[pick] = true;
      changed = true;
    }
  }
  return hidden;
}

/**
 * The complement that protects best at least cost: the smallest count that is itself large enough to publish
 * (so the two hidden terms together are at least minGroup + 1 and their split cannot be guessed), then smaller
 * non-zero counts, then zeros; cells before totals.
 */
function chooseComplement(
  members: readonly number[],
  counts: readonly number[],
  minGroup: number,
  isHidden: (i: number) => boolean,
  pinned: ReadonlySet<number>,
  totals: ReadonlySet<number>,
): number | undefined {
  const candidates = members.filter((i) => !isHidden(i) && !pinned.has(i));
  const rank = (i: number): [number, number] => {
    const n = counts[i]!;
    const cls = (totals.has(i) ? 3 : 0) + (n >= minGroup ? 0 : n > 0 ? 1 : 2);
    return [cls, n];
  };
  candidates.sort((a, b) => {
    const [ca, na] = rank(a);
    const [cb, nb] = rank(b);
    return ca - cb || na - nb || a - b;
  });
  return candidates[0];
}

/** Helper for building problems: hands out indices for counts as they are added. */
export class CountTable {
  readonly counts: number[] = [];
  readonly sums: SumConstraint[] = [];

  add(n: number): number {
    this.counts.push(n);
    return this.counts.length - 1;
  }

  sum(parts: readonly number[], total: number): void {
    this.sums.push({ parts, total });
  }
}

/** The count as published: the number, or null when hidden. */
export function published(counts: readonly number[], hidden: readonly boolean[], i: number): number | null {
  return hidden[i] ? null : counts[i]!;
}
