import { AUDIENCES, type Audience } from './audience.js';

/** What staff picked for one audience in the campaign modal. */
export interface AudiencePicks {
  audience: Audience;
  users: string[];
  groups: string[];
  channels: string[];
}

export type PickSource = 'user' | 'group' | 'channel';

/** One pick after Slack told us who is in it. */
export interface ExpandedPick {
  audience: Audience;
  source: PickSource;
  /** The user ID, user group ID or channel ID that was picked. */
  ref: string;
  members: string[];
}

export interface PersonFacts {
  userId: string;
  tz: string;
  isBot: boolean;
  deleted: boolean;
}

export interface Participant {
  userId: string;
  audience: Audience;
  tz: string;
}

/** People left out, by reason, so the modal can say how many and why. */
export interface Dropped {
  bots: number;
  deactivated: number;
  /** Picked more than once (in two groups, or a group and a channel): kept once. */
  duplicates: number;
  /** Slack did not know them (left the workspace since the pick). */
  unknown: number;
}

export interface ParticipantSelection {
  participants: Participant[];
  dropped: Dropped;
}

/** Slackbot is not flagged as a bot by Slack but can never answer. */
const NEVER_INVITE = new Set(['USLACKBOT']);

const SOURCE_RANK: Record<PickSource, number> = { user: 0, group: 1, channel: 2 };
/** An executive picked as a channel member of an engineering channel is still an executive. */
const AUDIENCE_RANK: Record<Audience, number> = { executive: 0, manager: 1, contributor: 2 };

/**
 * Turns the expanded picks into one interview per person. A person reached by several picks keeps the audience of
 * the most direct one (a named person over a group over a channel; then executive over manager over contributor).
 * Bots, the app itself, deactivated and unknown people are dropped and counted.
 */
export function selectParticipants(
  picks: ExpandedPick[],
  facts: ReadonlyMap<string, PersonFacts>,
  options: { excludeIds?: readonly string[] } = {},
): ParticipantSelection {
  const exclude = new Set([...NEVER_INVITE, ...(options.excludeIds ?? [])]);
  const best = new Map<string, { audience: Audience; rank: number }>();
  let occurrences = 0;
  const dropped: Dropped = { bots: 0, deactivated: 0, duplicates: 0, unknown: 0 };
  const droppedIds = new Set<string>();

  for (const pick of picks) {
    for (const userId of pick.members) {
      const f = facts.get(userId);
      const reason: keyof Dropped | undefined = exclude.has(userId)
        ? 'bots'
        : !f
          ? 'unknown'
          : f.isBot
            ? 'bots'
            : f.deleted
              ? 'deactivated'
              : undefined;
      if (reason) {
        if (!droppedIds.has(userId)) {
          droppedIds.add(userId);
          dropped[reason] += 1;
        }
        continue;
      }
      occurrences += 1;
      const rank = SOURCE_RANK[pick.source] * 10 + AUDIENCE_RANK[pick.audience];
      const seen = best.get(userId);
      if (!seen || rank < seen.rank) best.set(userId, { audience: pick.audience, rank });
    }
  }
  dropped.duplicates = occurrences - best.size;
  const participants = [...best.entries()]
    .map(([userId, { audience }]) => ({ userId, audience, tz: facts.get(userId)!.tz }))
    .sort(
      (a, b) =>
        AUDIENCES.indexOf(a.audience) - AUDIENCES.indexOf(b.audience) || a.userId.localeCompare(b.userId),
    );
  return { participants, dropped };
}

export function droppedTotal(d: Dropped): number {
  return d.bots + d.deactivated + d.duplicates + d.unknown;
}

/** e.g. "7 left out: 3 bots, 2 deactivated, 2 picked twice". Empty when nobody was. */
export function describeDropped(d: Dropped): string {
  const parts: string[] = [];
  if (d.bots) parts.push(`${d.bots} bot${d.bots === 1 ? '' : 's'}`);
  if (d.deactivated) parts.push(`${d.deactivated} deactivated`);
  if (d.duplicates) parts.push(`${d.duplicates} picked more than once (kept once)`);
  if (d.unknown) parts.push(`${d.unknown} not found in Slack`);
  const total = droppedTotal(d);
  return total === 0 ? '' : `${total} left out: ${parts.join(', ')}`;
}
