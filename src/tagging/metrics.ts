/** Precision, recall and F1 per label, and their macro average: what `npm run eval` prints. */

export interface LabelScore {
  label: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  /** How many gold examples carry the label. */
  support: number;
}

export interface KindScore {
  labels: LabelScore[];
  /** Mean F1 over every label that appears in the gold labels or the predictions. */
  macroF1: number;
  /** Share of examples whose label set is exactly right. */
  exact: number;
}

/** Scores multi-label predictions; single-label kinds (the stage) are sets of one. */
export function scoreSets(
  pairs: readonly { gold: readonly string[]; predicted: readonly string[] }[],
): KindScore {
  const counts = new Map<string, { tp: number; fp: number; fn: number; support: number }>();
  const get = (label: string) => {
    let c = counts.get(label);
    if (!c) {
      c = { tp: 0, fp: 0, fn: 0, support: 0 };
      counts.set(label, c);
    }
    return c;
  };
  let exact = 0;
  for (const { gold, predicted } of pairs) {
    const g = new Set(gold);
    const p = new Set(predicted);
    for (const label of g) {
      get(label).support++;
      if (p.has(label)) get(label).tp++;
      else get(label).fn++;
    }
    for (const label of p) if (!g.has(label)) get(label).fp++;
    if (g.size === p.size && [...g].every((l) => p.has(l))) exact++;
  }
  const labels = [...counts]
    .map(([label, c]) => {
      const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
      const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return { label, ...c, precision, recall, f1 };
    })
    .sort((a, b) => (a.label < b.label ? -1 : 1));
  const macroF1 = labels.length === 0 ? 0 : labels.reduce((sum, l) => sum + l.f1, 0) / labels.length;
  return { labels, macroF1, exact: pairs.length === 0 ? 0 : exact / pairs.length };
}
