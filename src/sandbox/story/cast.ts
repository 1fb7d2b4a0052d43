import type { Audience } from '../../interviews/audience.js';
import { makeWorkspace, type SandboxWorkspace } from '../emulator/makeWorkspace.js';
import type { AnswerSet, Pool, SandboxAnswers } from './answers.js';

/**
 * The people of the story. The workspace is makeWorkspace's deterministic one (30 people, one of them deactivated,
 * across the world's time zones) with a few job titles changed so the OSPO, the legal team and the leadership read
 * as such, and the groups and channel the campaign picks from.
 */

export const STAFF = {
  /** Head of the OSPO (New York): starts the campaign and exports. */
  lead: 'U00000001',
  /** Open Source Program Manager (London): the campaign's interviewer, who takes the live talk. */
  interviewer: 'U00000002',
  /** OSPO community lead (Kolkata): reviews the tags. */
  reviewer: 'U00000003',
} as const;

const TITLES: Record<string, string> = {
  U00000001: 'Head of the OSPO',
  U00000002: 'Open Source Program Manager',
  U00000003: 'OSPO Community Lead',
  U00000006: 'Engineering Manager, Payments',
  U00000025: 'Privacy Counsel',
  U00000027: 'Chief Legal Officer',
};

const ENGINEERING_MANAGERS = ['U00000006', 'U00000010', 'U00000018', 'U00000022', 'U00000026'];
const EXECUTIVES = ['U00000011', 'U00000021', 'U00000027'];
/** U00000030 is the workspace's deactivated person: the campaign says it left them out. */
const LEGAL_TEAM = ['U00000014', 'U00000025', 'U00000027', 'U00000030'];
const OPEN_SOURCE_CHANNEL = [
  'U00000004',
  'U00000005',
  'U00000007',
  'U00000008',
  'U00000009',
  'U00000013',
  'U00000015',
  'U00000020',
  'U00000023',
  'U00000028',
  'U0OTHERBOT',
];

/** What a person does with each DM that has the interview's buttons: the invitation, then each reminder. */
export type Reaction = 'answer' | 'later' | 'ignore' | 'decline' | 'talk';

const PLANS: Record<string, Reaction[]> = {
  U00000026: ['decline'],
  U00000013: ['talk'],
  U00000018: ['later', 'answer'],
  U00000009: ['later', 'answer'],
  U00000007: ['later', 'answer'],
  U00000010: ['ignore', 'answer'],
  U00000021: ['ignore', 'answer'],
  U00000023: ['ignore', 'ignore'],
};

export interface CastMember {
  userId: string;
  name: string;
  tz: string;
  title: string;
  /** The audience the campaign's picks give them (executive over manager over contributor, as the app decides). */
  audience: Audience;
  plan: readonly Reaction[];
  /** What they answer, when their plan has them answer. */
  answers?: AnswerSet;
  /** Virtual minutes between seeing a message and acting on it. */
  delayMinutes: number;
}

export interface Cast {
  workspace: SandboxWorkspace;
  groups: { executives: string; engineeringManagers: string; legal: string };
  openSourceChannel: string;
  members: CastMember[];
  byId: ReadonlyMap<string, CastMember>;
  /** Everyone's name, staff and bots included, for printing. */
  nameOf(userId: string): string;
  tzOf(userId: string): string;
}

/** The workspace the sandbox starts the emulator with. `now` fixes the zones' current offsets and labels. */
export function sandboxWorkspace(now: Date): SandboxWorkspace {
  const ws = makeWorkspace({
    users: 30,
    now,
    groups: [
      { handle: 'eng-managers', name: 'Engineering managers', members: ENGINEERING_MANAGERS },
      { handle: 'legal', name: 'Legal team', members: LEGAL_TEAM },
    ],
    channels: [{ name: 'open-source', members: OPEN_SOURCE_CHANNEL }],
  });
  for (const u of ws.users) {
    const title = TITLES[u.id];
    if (title) u.profile.title = title;
  }
  // The built-in group follows the original titles; the story's leadership is these three.
  const executives = ws.usergroups.find((g) => g.handle === 'executives');
  if (executives) executives.users = [...EXECUTIVES];
  return ws;
}

function audienceOf(userId: string): Audience | undefined {
  if (EXECUTIVES.includes(userId)) return 'executive';
  if (ENGINEERING_MANAGERS.includes(userId) || LEGAL_TEAM.includes(userId)) return 'manager';
  if (OPEN_SOURCE_CHANNEL.includes(userId)) return 'contributor';
  return undefined;
}

/** A spread of reaction times that is the same on every run: people are not all equally quick. */
function delayFor(userId: string): number {
  const n = Number.parseInt(userId.slice(1), 10) || 0;
  return 20 + ((n * 37) % 140);
}

/**
 * Who is in the story, what each person does, and which answers they give: the first answering manager gets the
 * file's first manager entry, and so on; legal people take legal entries written for their question set.
 */
export function buildCast(workspace: SandboxWorkspace, answers: SandboxAnswers): Cast {
  const id = (handle: string) => workspace.usergroups.find((g) => g.handle === handle)?.id ?? '';
  const users = new Map(workspace.users.map((u) => [u.id, u]));
  const used = new Set<AnswerSet>();
  const take = (pool: Pool, audience: Audience): AnswerSet | undefined => {
    const found = answers.pools[pool].find((a) => a.audience === audience && !used.has(a));
    if (found) used.add(found);
    return found;
  };

  const members: CastMember[] = [];
  for (const u of workspace.users) {
    const audience = audienceOf(u.id);
    if (!audience || u.deleted || u.is_bot) continue;
    const plan = PLANS[u.id] ?? ['answer'];
    let set: AnswerSet | undefined;
    if (plan.includes('answer')) {
      set = LEGAL_TEAM.includes(u.id)
        ? (take('legal', audience) ?? take(audience, audience))
        : take(audience, audience);
    } else if (plan.includes('talk')) {
      set = answers.talk;
    }
    members.push({
      userId: u.id,
      name: u.real_name,
      tz: u.tz,
      title: u.profile.title ?? '',
      audience,
      plan,
      ...(set ? { answers: set } : {}),
      delayMinutes: delayFor(u.id),
    });
  }
  const byId = new Map(members.map((m) => [m.userId, m]));
  return {
    workspace,
    groups: { executives: id('executives'), engineeringManagers: id('eng-managers'), legal: id('legal') },
    openSourceChannel: workspace.channels.find((c) => c.name === 'open-source')?.id ?? '',
    members,
    byId,
    nameOf: (userId) => users.get(userId)?.real_name ?? userId,
    tzOf: (userId) => users.get(userId)?.tz ?? 'UTC',
  };
}
