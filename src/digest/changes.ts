import type { Change, DigestSummary } from './types.js';

export interface ChangeNames {
  petal(id: string): string;
  motivator(id: string): string;
  stage(id: string): string;
}

/** A consistency move smaller than this is noise, not news. */
const CONSISTENCY_STEP = 0.05;
const MAX_RISING = 3;

/**
 * What moved since the previous digest, from the two published summaries only (so nothing hidden last week or
 * this week can leak through a difference). A motivator counts as rising only when at least minGroup more people
 * name it: a rise of one or two would point at the one or two people heard this week.
 */
export function compareSummaries(
  current: DigestSummary,
  previous: DigestSummary | undefined,
  names: ChangeNames,
): Change[] {
  if (!previous)
    return [{ kind: 'first', text: 'First digest: from next week this section says what moved.' }];
  const changes: Change[] = [];
  const k = current.minGroup;

  const newPeople = current.peopleHeard - previous.peopleHeard;
  if (newPeople > 0) {
    changes.push({
      kind: 'people',
      text: `${newPeople} more ${newPeople === 1 ? 'person' : 'people'} heard (${current.peopleHeard} in all).`,
    });
  }

  const before = new Map(previous.motivators.map((m) => [m.id, m.people]));
  const rising = current.motivators
    .map((m) => ({ id: m.id, now: m.people, was: before.get(m.id) ?? 0 }))
    .filter(
      (m): m is { id: string; now: number; was: number } =>
        m.now !== null && m.was !== null && m.now - m.was >= k,
    )
    .sort((a, b) => b.now - b.was - (a.now - a.was) || a.id.localeCompare(b.id))
    .slice(0, MAX_RISING);
  for (const m of rising) {
    changes.push({
      kind: 'motivator-rising',
      text: `${names.motivator(m.id)} is rising: named by ${m.now} people, ${m.now - m.was} more than last week.`,
    });
  }

  const stageBefore = new Map(previous.petals.map((p) => [p.id, p.dominantStageId]));
  for (const petal of current.petals) {
    const was = stageBefore.get(petal.id) ?? null;
    if (petal.dominantStageId && was && petal.dominantStageId !== was) {
      changes.push({
        kind: 'stage-shift',
        text: `${names.petal(petal.id)} moved from ${names.stage(was)} to ${names.stage(petal.dominantStageId)}.`,
      });
    }
  }

  const evidenceNow = current.nextSteps.stageId;
  const evidenceWas = previous.nextSteps.stageId;
  if (evidenceNow && evidenceWas && evidenceNow !== evidenceWas) {
    changes.push({
      kind: 'evidence-stage',
      text: `The organisation as a whole now looks like ${names.stage(evidenceNow)} (was ${names.stage(evidenceWas)}).`,
    });
  }

  const cNow = current.consistency.score;
  const cWas = previous.consistency.score;
  if (cNow !== null && cWas !== null && Math.abs(cNow - cWas) >= CONSISTENCY_STEP) {
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    changes.push({
      kind: 'consistency',
      text: `Petals grew ${cNow > cWas ? 'more' : 'less'} alike: ${pct(cWas)} → ${pct(cNow)}.`,
    });
  }
  return changes;
}
