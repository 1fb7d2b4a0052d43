/**
 * The digest as published. `DigestSummary` holds only aggregates that passed the privacy rules (small groups
 * hidden), so it is stored as digests.summary_json and kept when people ask to be forgotten; quotes are personal
 * data and live beside it (`DigestView.quotes`), never in it.
 */

/** A published count: a number, or null where it is hidden to protect a small group. */
export type Cell = number | null;

export interface CampaignProgress {
  id: number;
  name: string;
  status: 'open' | 'closed';
  dueDate: string;
  /** Interviews whose invitation went out (answered ones included). */
  invited: number;
  answered: number;
  /** Answered since the start of the digest's week. */
  answeredThisWeek: number;
  /** Invitations still unanswered after the due date. */
  overdue: number;
  /** Interviews not yet invited (scheduled). */
  scheduled: number;
}

export interface StageColumn {
  id: string;
  name: string;
  /** Position in the model, 0 = least mature. */
  order: number;
}

export interface PetalSummary {
  id: string;
  name: string;
  color: string | undefined;
  emoji: string | undefined;
  heard: Cell;
  /** People per stage column (same order as DigestSummary.stages), then the "not placed yet" count last. */
  stageCells: Cell[];
  /** The most common stage, named only when at least minGroup people are at it. */
  dominantStageId: string | null;
  /** Up to three motivators, each named by at least minGroup people of this petal; count null when hidden. */
  topMotivators: { id: string; people: Cell }[];
}

export interface MotivatorSummary {
  id: string;
  name: string;
  people: Cell;
  stageCells: Cell[];
  /** The stage this motivator belongs to on the evidence (its most common stage), when ≥ minGroup people say so. */
  stageId: string | null;
}

export interface ConsistencySummary {
  /** Mean pairwise cosine similarity of the petals' motivator mixes, 0…1; null with fewer than two petals. */
  score: number | null;
  /** Petals with enough people to compare. */
  petalsCompared: number;
  /** The petal least like the others, with its mean similarity to them. */
  mostDifferent: { petalId: string; similarity: number } | null;
}

export interface ChecklistLine {
  id: string;
  text: string;
  ticked: boolean;
  tickedBy: string | null;
}

export interface NextSteps {
  /** Where the evidence points: the most common stage among people placed on one (needs minGroup people). */
  stageId: string | null;
  /** The stage after it, whose checklist is the next thing to work on; null at the last stage. */
  nextStageId: string | null;
  /** The next stage's checklist (or the first stage's when nothing points anywhere yet). */
  items: ChecklistLine[];
  /** Items of the current stage not ticked yet. */
  openAtCurrent: ChecklistLine[];
}

export interface DigestSummary {
  version: 1;
  week: string;
  /** The occurrence this digest stands for (ISO). */
  occurrence: string;
  generatedAt: string;
  late: boolean;
  minGroup: number;
  modelId: string;
  taxonomyVersion: string;
  /** Everyone heard (one voice per person: their latest answered interview). */
  peopleHeard: number;
  /** People heard whose petal is not known (no choice, no tag); a row of its own in the petal × stage map. */
  unplacedPetal: Cell;
  campaigns: CampaignProgress[];
  /** How many campaigns there were in all, when more than are listed. */
  campaignsTotal: number;
  stages: StageColumn[];
  /** Unplaced-petal people per stage (the extra row of the map). */
  unplacedPetalCells: Cell[];
  petals: PetalSummary[];
  motivators: MotivatorSummary[];
  consistency: ConsistencySummary;
  nextSteps: NextSteps;
}

export interface Quote {
  petalId: string;
  text: string;
  /** The name to show, only when the person chose to be quoted by name. */
  attribution: string | null;
  motivatorId: string | null;
}

export interface Change {
  kind: 'people' | 'motivator-rising' | 'stage-shift' | 'consistency' | 'evidence-stage' | 'first';
  text: string;
}

/** Everything rendered: the publishable summary, the consented quotes, and what changed since last time. */
export interface DigestView {
  summary: DigestSummary;
  quotes: Quote[];
  changes: Change[];
  /** True when there was a previous digest to compare with. */
  hasPrevious: boolean;
}
