/**
 * Scenario #10 of the chapter: open source understood inconsistently across the organisation. One figure says how
 * alike the petals' reasons for open source are: each petal's motivator mix is a vector (people naming each
 * motivator), and the figure is the mean cosine similarity over all pairs of petals. 1 means every petal names the
 * same motivators in the same proportions; 0 means no two petals share a motivator. Cosine ignores size, so a petal
 * with many people weighs no more than a small one.
 */

export interface ConsistencyResult {
  score: number | null;
  /** Index (into the vectors given) of the petal least like the others, with its mean similarity to them. */
  mostDifferent: { index: number; similarity: number } | null;
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

/** Vectors that are all zero (a petal nobody named a motivator for) are left out: there is nothing to compare. */
export function consistency(vectors: readonly (readonly number[])[]): ConsistencyResult {
  const live = vectors.map((v, index) => ({ v, index })).filter(({ v }) => v.some((x) => x > 0));
  if (live.length < 2) return { score: null, mostDifferent: null };
  const mean = new Array<number>(live.length).fill(0);
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const s = cosine(live[i]!.v, live[j]!.v);
      total += s;
      pairs++;
      mean[i]! += s;
      mean[j]! += s;
    }
  }
  let worst = 0;
  for (let i = 1; i < live.length; i++) if (mean[i]! < mean[worst]!) worst = i;
  return {
    score: total / pairs,
    // With only two petals, each differs from the other equally: naming one would say nothing.
    mostDifferent:
      live.length > 2 ? { index: live[worst]!.index, similarity: mean[worst]! / (live.length - 1) } : null,
  };
}

/** Words for a score, so the figure reads without a statistics course. */
export function describeConsistency(score: number): string {
  if (score >= 0.8) return 'petals largely share the same reasons for open source';
  if (score >= 0.6) return 'petals share some reasons, but each has its own emphasis';
  if (score >= 0.4) return 'petals see open source quite differently';
  return 'petals see open source very differently: the inconsistency the chapter warns about (Scenario #10)';
}
