import type { WebClient } from '@slack/web-api';
import type { AudiencePicks, ExpandedPick, PersonFacts } from '../../interviews/participants.js';
import { safeTimeZone } from '../../schedule/workingTime.js';
import type { Db } from '../../store/db.js';
import { getPeople, type PersonInput, upsertPeople } from '../../store/people.js';

/** A pick Slack would not expand (a private channel the app is not in, a deleted group): told to staff, not fatal. */
export interface PickProblem {
  kind: 'group' | 'channel';
  ref: string;
  error: string;
}

/** Slack's page size cap for users.list and conversations.members; fewer pages means fewer Tier 2 calls. */
const PAGE = 1000;
/** Cached time zones older than this are asked again: people travel and move. */
export const PEOPLE_TTL_MS = 24 * 3600_000;
/** Below this many unknown people, users.info (Tier 4, one each) beats paging the whole workspace (Tier 2). */
const USERS_INFO_MAX = 20;

/** Asks Slack who is in each picked group and channel (each group and channel once, even if picked twice). */
export async function expandPicks(
  client: WebClient,
  picks: AudiencePicks[],
): Promise<{ expanded: ExpandedPick[]; problems: PickProblem[] }> {
  const groupMembers = new Map<string, string[] | PickProblem>();
  const channelMembers = new Map<string, string[] | PickProblem>();
  for (const ref of new Set(picks.flatMap((p) => p.groups))) {
    try {
      const res = await client.usergroups.users.list({ usergroup: ref });
      groupMembers.set(ref, res.users ?? []);
    } catch (err) {
      groupMembers.set(ref, { kind: 'group', ref, error: slackError(err) });
    }
  }
  for (const ref of new Set(picks.flatMap((p) => p.channels))) {
    try {
      channelMembers.set(ref, await channelMembersOf(client, ref));
    } catch (err) {
      channelMembers.set(ref, { kind: 'channel', ref, error: slackError(err) });
    }
  }

  const expanded: ExpandedPick[] = [];
  for (const p of picks) {
    for (const u of p.users) expanded.push({ audience: p.audience, source: 'user', ref: u, members: [u] });
    for (const g of p.groups) {
      const m = groupMembers.get(g);
      if (Array.isArray(m)) expanded.push({ audience: p.audience, source: 'group', ref: g, members: m });
    }
    for (const c of p.channels) {
      const m = channelMembers.get(c);
      if (Array.isArray(m)) expanded.push({ audience: p.audience, source: 'channel', ref: c, members: m });
    }
  }
  const problems = [...groupMembers.values(), ...channelMembers.values()].filter(
    (m): m is PickProblem => !Array.isArray(m),
  );
  return { expanded, problems };
}

async function channelMembersOf(client: WebClient, channel: string): Promise<string[]> {
  const members: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await client.conversations.members({ channel, limit: PAGE, ...(cursor ? { cursor } : {}) });
    members.push(...(res.members ?? []));
    cursor = res.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return members;
}

function slackError(err: unknown): string {
  const data = (err as { data?: { error?: string } }).data;
  return data?.error ?? (err instanceof Error ? err.message : String(err));
}

interface SlackUserLike {
  id?: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_bot?: boolean;
  deleted?: boolean;
  profile?: { real_name?: string };
}

function toPerson(u: SlackUserLike): PersonInput | undefined {
  if (!u.id) return undefined;
  return {
    userId: u.id,
    name: u.name ?? null,
    realName: u.real_name ?? u.profile?.real_name ?? null,
    tz: safeTimeZone(u.tz),
    isBot: Boolean(u.is_bot) || u.id === 'USLACKBOT',
    deleted: Boolean(u.deleted),
  };
}

/**
 * Time zone, bot and deactivated flags for each person, from the `people` cache when fresh, else from Slack: a
 * handful by users.info, many by paging users.list (1,000 people a call) rather than one call per person.
 */
export async function loadPeopleFacts(
  client: WebClient,
  db: Db,
  userIds: readonly string[],
  now: Date,
): Promise<Map<string, PersonFacts>> {
  const ids = [...new Set(userIds)];
  const cached = getPeople(db, ids);
  const stale = ids.filter((id) => {
    const p = cached.get(id);
    return !p || now.getTime() - new Date(p.updatedAt).getTime() > PEOPLE_TTL_MS;
  });
  if (stale.length > 0 && stale.length <= USERS_INFO_MAX) {
    const fetched: PersonInput[] = [];
    for (const id of stale) {
      try {
        const res = await client.users.info({ user: id });
        const person = res.user && toPerson(res.user as SlackUserLike);
        if (person) fetched.push(person);
      } catch (err) {
        if (slackError(err) !== 'user_not_found') throw err;
      }
    }
    upsertPeople(db, fetched, now);
  } else if (stale.length > 0) {
    let cursor: string | undefined;
    do {
      const res = await client.users.list({ limit: PAGE, ...(cursor ? { cursor } : {}) });
      const page = ((res.members ?? []) as SlackUserLike[])
        .map(toPerson)
        .filter((p): p is PersonInput => !!p);
      upsertPeople(db, page, now);
      cursor = res.response_metadata?.next_cursor || undefined;
    } while (cursor);
  }
  const fresh = getPeople(db, ids);
  return new Map(
    [...fresh.values()].map((p) => [
      p.userId,
      { userId: p.userId, tz: p.tz, isBot: p.isBot, deleted: p.deleted },
    ]),
  );
}
