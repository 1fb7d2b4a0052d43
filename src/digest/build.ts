import { listTicked } from '../store/checklist.js';
import type { Db } from '../store/db.js';
import { findPreviousDigest } from '../store/digests.js';
import type { Taxonomy } from '../tagging/taxonomy.js';
import { aggregate, type Dimensions, type PersonProfile } from './aggregate.js';
import { compareSummaries } from './changes.js';
import { nextSteps } from './nextSteps.js';
import { profilesFromGroups } from './profiles.js';
import {
  refreshDigestPeople,
  selectCampaignProgress,
  selectPersonName,
  selectProfileGroups,
  selectQuote,
  selectQuotePool,
} from './queries.js';
import { localDate } from './schedule.js';
import type { DigestSummary, DigestView, Quote } from './types.js';

export interface BuildOptions {
  week: string;
  /** The scheduled instant this digest stands for; its week runs from seven days before it. */
  occurrence: Date;
  now: Date;
  late: boolean;
  minGroup: number;
  timezone: string;
  /** A summary already claimed for this week: a retry posts the same figures rather than recounting. */
  summary?: DigestSummary;
}

/** Campaigns listed one per line; more would push the petals off a phone screen. */
export const MAX_CAMPAIGNS = 6;
/** Newest consenting people of a petal among whom its quote is chosen. */
const QUOTE_POOL = 50;

export function digestDimensions(taxonomy: Taxonomy): Dimensions {
  return {
    petals: taxonomy.petals,
    motivators: taxonomy.motivators,
    stages: taxonomy.defaultModel.stages.map((s) => ({ id: s.id, name: s.name, order: s.order })),
  };
}

/** Reads the store and computes the digest: publishable summary, consented quotes, changes since last week. */
export function buildDigest(db: Db, taxonomy: Taxonomy, options: BuildOptions): DigestView {
  const dims = digestDimensions(taxonomy);
  const summary = options.summary ?? summarise(db, taxonomy, dims, readProfiles(db, taxonomy, dims), options);
  const previousRecord = findPreviousDigest(db, options.week);
  const previous = parseSummary(previousRecord?.summaryJson ?? null);
  const names = {
    petal: (id: string) => taxonomy.petalById(id)?.name ?? id,
    motivator: (id: string) => taxonomy.motivatorById(id)?.name ?? id,
    stage: (id: string) => taxonomy.stageById(id)?.name ?? id,
  };
  return {
    summary,
    quotes: chooseQuotes(db, summary),
    changes: compareSummaries(summary, previous, names),
    hasPrevious: previous !== undefined,
  };
}

/** Everyone heard, as taxonomy positions, grouped: recomputes the people whose data changed first. */
export function readProfiles(db: Db, taxonomy: Taxonomy, dims: Dimensions): PersonProfile[] {
  refreshDigestPeople(db);
  return profilesFromGroups(selectProfileGroups(db), dims, (id) => taxonomy.stageInModel(id)?.id);
}

function summarise(
  db: Db,
  taxonomy: Taxonomy,
  dims: Dimensions,
  people: readonly PersonProfile[],
  options: BuildOptions,
): DigestSummary {
  const agg = aggregate(people, dims, options.minGroup);
  const since = new Date(options.occurrence.getTime() - 7 * 24 * 3600_000).toISOString();
  const campaigns = selectCampaignProgress(db, { since, today: localDate(options.now, options.timezone) });
  const ticks = new Map(listTicked(db).map((t) => [t.itemId, { tickedBy: t.tickedBy }]));
  return {
    version: 1,
    week: options.week,
    occurrence: options.occurrence.toISOString(),
    generatedAt: options.now.toISOString(),
    late: options.late,
    minGroup: options.minGroup,
    modelId: taxonomy.defaultModel.id,
    taxonomyVersion: taxonomy.version,
    peopleHeard: agg.peopleHeard,
    unplacedPetal: agg.unplacedPetal,
    campaigns: campaigns.slice(0, MAX_CAMPAIGNS),
    campaignsTotal: campaigns.length,
    stages: dims.stages.map((s) => ({ ...s })),
    unplacedPetalCells: agg.unplacedPetalCells,
    petals: agg.petals,
    motivators: agg.motivators,
    consistency: agg.consistency,
    nextSteps: nextSteps(agg.evidenceStageId, taxonomy.defaultModel, taxonomy, ticks),
  };
}

/**
 * One quote per petal that is itself shown (enough people), from people who agreed to be quoted, preferring an
 * answer about the petal's top motivator. Named only when the person chose "by name".
 */
function chooseQuotes(db: Db, summary: DigestSummary): Quote[] {
  const quotes: Quote[] = [];
  for (const petal of summary.petals) {
    if (petal.heard === null || petal.heard === 0) continue;
    const pool = selectQuotePool(db, petal.id, QUOTE_POOL);
    const motivatorId = petal.topMotivators[0]?.id ?? null;
    const found = selectQuote(
      db,
      pool.map((v) => v.interviewId),
      motivatorId,
    );
    if (!found) continue;
    const voice = pool.find((v) => v.interviewId === found.interviewId)!;
    quotes.push({
      petalId: petal.id,
      text: found.text.trim(),
      attribution: voice.consent === 'name' ? selectPersonName(db, voice.userId) : null,
      motivatorId: found.fit > 0 ? motivatorId : null,
    });
  }
  return quotes;
}

export function parseSummary(json: string | null): DigestSummary | undefined {
  if (!json) return undefined;
  try {
    const parsed = JSON.parse(json) as DigestSummary;
    return parsed && parsed.version === 1 ? parsed : undefined;
  } catch {
    return undefined;
  }
}
