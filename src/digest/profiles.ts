import type { Dimensions, PersonProfile } from './aggregate.js';

/** A (petal, stage, motivators) combination as stored, and how many people share it. */
export type ProfileGroupRow = readonly [
  petal: string | null,
  stage: string | null,
  motivators: string,
  people: number,
];

/**
 * Turns stored labels into taxonomy positions. A label the taxonomy does not know (an old taxonomy's, or a typo in
 * an import) counts as "not placed" rather than being dropped: the person was still heard. Stages of any model are
 * shown in the configured model.
 */
export function profilesFromGroups(
  rows: readonly ProfileGroupRow[],
  dims: Dimensions,
  stageInModel: (stageId: string) => string | undefined,
): PersonProfile[] {
  const petalIndex = new Map(dims.petals.map((p, i) => [p.id, i]));
  const motivatorIndex = new Map(dims.motivators.map((m, i) => [m.id, i]));
  const stageIndex = new Map(dims.stages.map((s, i) => [s.id, i]));
  const stageOf = (label: string | null): number => {
    if (!label) return -1;
    const shown = stageInModel(label);
    return shown === undefined ? -1 : (stageIndex.get(shown) ?? -1);
  };
  return rows.map(([petal, stage, motivators, people]) => ({
    petal: petal ? (petalIndex.get(petal) ?? -1) : -1,
    stage: stageOf(stage),
    motivators: parseIds(motivators)
      .map((id) => motivatorIndex.get(id))
      .filter((ix): ix is number => ix !== undefined),
    count: people,
  }));
}

function parseIds(raw: string): string[] {
  if (raw === '[]' || raw === '') return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    // A hand-edited row must not stop the digest: these people simply have no motivators.
    return [];
  }
}
