import { seededRandom } from './random.js';
import type { Channel, SlackUser, UserGroup, WorkspaceSeed } from './types.js';

/**
 * Zones handed out to fake people in this order, so even a small workspace spans the extremes
 * (UTC-12 and UTC+14), the half- and quarter-hour offsets, and both hemispheres' daylight saving.
 */
export const FAKE_TIME_ZONES = [
  'America/New_York',
  'Europe/London',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Pacific/Kiritimati',
  'Etc/GMT+12',
  'America/Los_Angeles',
  'Europe/Berlin',
  'Asia/Tokyo',
  'America/Sao_Paulo',
  'Pacific/Honolulu',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Pacific/Chatham',
  'Africa/Lagos',
  'America/Chicago',
  'Asia/Singapore',
  'Europe/Helsinki',
  'America/Denver',
  'Pacific/Auckland',
  'Asia/Tehran',
  'Pacific/Pago_Pago',
  'America/Anchorage',
  'Atlantic/Azores',
  'Asia/Dubai',
  'Australia/Adelaide',
  'Pacific/Tongatapu',
  'Asia/Kabul',
  'America/Halifax',
  'Atlantic/South_Georgia',
  'Asia/Dhaka',
  'Asia/Yangon',
  'Europe/Moscow',
  'Asia/Bangkok',
  'Pacific/Noumea',
  'Etc/UTC',
] as const;

const FIRST_NAMES = [
  'Ada',
  'Bashir',
  'Chen',
  'Dagny',
  'Emeka',
  'Farah',
  'Gustavo',
  'Hana',
  'Ivan',
  'Jun',
  'Kavya',
  'Luca',
  'Mele',
  'Nadia',
  'Oscar',
  'Priya',
  'Quentin',
  'Rosa',
  'Sione',
  'Tariq',
  'Uma',
  'Viktor',
  'Wanjiru',
  'Xiu',
  'Yara',
  'Zoltan',
  'Amara',
  'Bjorn',
  'Camila',
  'Dev',
  'Elif',
  'Femi',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
];
const LAST_NAMES = [
  'Okafor',
  'Lindqvist',
  'Nakamura',
  'Haddad',
  'Silva',
  'Kowalski',
  'Mensah',
  'Iyer',
  'Moreau',
  'Tanaka',
  'Fonoti',
  'Petrov',
  'Garcia',
  'Singh',
  'Murphy',
  'Kim',
  'Abebe',
  'Novak',
  'Rahman',
  'Jensen',
  'Costa',
  'Yilmaz',
  'Walker',
  'Adeyemi',
  'Kahale',
  'Schmidt',
  'Dubois',
  'Sato',
  'Oduya',
  'Laine',
  'Reyes',
  'Khan',
];

const EXECUTIVE_TITLES = ['VP Engineering', 'Chief Technology Officer', 'VP Product', 'Chief Legal Officer'];
const MANAGER_TITLES = ['Engineering Manager', 'Product Manager', 'Security Lead', 'Legal Counsel'];
const CONTRIBUTOR_TITLES = [
  'Software Engineer',
  'Senior Software Engineer',
  'Site Reliability Engineer',
  'Data Scientist',
  'Designer',
  'Technical Writer',
  'Contractor, Platform',
];

export interface GroupSpec {
  handle: string;
  name?: string;
  /** Member ids, or a count (the first N active humans). */
  members: string[] | number;
}

export interface ChannelSpec {
  name: string;
  members: string[] | number;
  isPrivate?: boolean;
  /** Whether the app's bot user is in the channel (default true). */
  botIsMember?: boolean;
}

export interface MakeWorkspaceOptions {
  /** Human users to create (default 30). Deleted ones are among them. */
  users?: number;
  /** Seed for the name shuffle (default 1). */
  seed?: number;
  /** Instant for `tz_offset`/`tz_label`, which change with daylight saving (default: now). */
  now?: Date;
  /** Token the emulator accepts for the app (default `xoxb-test`). */
  botToken?: string;
  /** How many of the last humans are deactivated (default 1). */
  deletedUsers?: number;
  /** Members of the `ospo-staff` user group: the first N humans (default 3). */
  staff?: number;
  /** Extra user groups beyond the built-in ones. */
  groups?: GroupSpec[];
  /** Extra channels beyond the built-in ones. */
  channels?: ChannelSpec[];
}

/** A seed plus the well-known ids a sandbox or test needs to wire the app. */
export interface SandboxWorkspace extends WorkspaceSeed {
  ospoChannelId: string;
  staffGroupId: string;
  staffIds: string[];
  /** Active humans (not deleted, not bots, not Slackbot). */
  humanIds: string[];
}

export const DEFAULT_TEAM = { id: 'T0OSPO0001', name: 'Example Org', domain: 'example-org' } as const;
export const DEFAULT_BOT = {
  userId: 'U0APPBOT01',
  botId: 'B0APPBOT01',
  appId: 'A0OSPOAPP1',
  token: 'xoxb-test',
  name: 'ospo-survey',
} as const;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Offset from UTC in seconds and Slack-like label for a zone at an instant. */
export function zoneFacts(tz: string, at: Date): { tz_offset: number; tz_label: string } {
  const offsetName =
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(offsetName);
  const tz_offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60) : 0;
  const tz_label =
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? tz;
  return { tz_offset, tz_label };
}

function shuffled<T>(items: readonly T[], rnd: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function titleFor(i: number): string {
  if (i % 10 === 1) return EXECUTIVE_TITLES[Math.floor(i / 10) % EXECUTIVE_TITLES.length] as string;
  if (i % 4 === 2) return MANAGER_TITLES[Math.floor(i / 4) % MANAGER_TITLES.length] as string;
  return CONTRIBUTOR_TITLES[i % CONTRIBUTOR_TITLES.length] as string;
}

/**
 * Deterministic fake workspace: the same options give the same people, ids, zones and groups.
 * Humans are `U00000001`…; every tenth (1, 11, 21…) has an executive title, every fourth from 2 a manager title,
 * the rest contributor titles. Slackbot (`USLACKBOT`, `is_bot: false`, as in Slack) and a second, unrelated bot
 * are listed too, because real `users.list` answers contain both and code that DMs "everyone" must skip them.
 */
export function makeWorkspace(opts: MakeWorkspaceOptions = {}): SandboxWorkspace {
  const count = opts.users ?? 30;
  const rnd = seededRandom(opts.seed ?? 1);
  const at = opts.now ?? new Date();
  const team = { ...DEFAULT_TEAM };
  const bot = { ...DEFAULT_BOT, token: opts.botToken ?? DEFAULT_BOT.token };
  const deletedCount = Math.min(opts.deletedUsers ?? 1, count);
  const firsts = shuffled(FIRST_NAMES, rnd);
  const lasts = shuffled(LAST_NAMES, rnd);

  const users: SlackUser[] = [];
  const usedHandles = new Set<string>();
  for (let i = 1; i <= count; i++) {
    const first = firsts[(i - 1) % firsts.length] as string;
    const last = lasts[((i - 1) * 7 + Math.floor((i - 1) / lasts.length)) % lasts.length] as string;
    let handle = `${first}.${last}`.toLowerCase();
    if (usedHandles.has(handle)) handle = `${handle}${i}`;
    usedHandles.add(handle);
    const tz = FAKE_TIME_ZONES[(i - 1) % FAKE_TIME_ZONES.length] as string;
    const realName = `${first} ${last}`;
    users.push({
      id: `U${pad(i, 8)}`,
      team_id: team.id,
      name: handle,
      real_name: realName,
      tz,
      ...zoneFacts(tz, at),
      is_bot: false,
      deleted: i > count - deletedCount,
      is_admin: i === 1,
      profile: {
        real_name: realName,
        display_name: first,
        email: `${handle}@example.org`,
        title: titleFor(i),
      },
    });
  }
  const humanIds = users.filter((u) => !u.deleted).map((u) => u.id);

  const la = zoneFacts('America/Los_Angeles', at);
  users.push(
    {
      id: bot.userId,
      team_id: team.id,
      name: bot.name,
      real_name: 'OSPO Survey',
      tz: 'America/Los_Angeles',
      ...la,
      is_bot: true,
      is_app_user: false,
      deleted: false,
      is_admin: false,
      profile: { real_name: 'OSPO Survey', display_name: '', bot_id: bot.botId },
    },
    {
      id: 'USLACKBOT',
      team_id: team.id,
      name: 'slackbot',
      real_name: 'Slackbot',
      tz: 'America/Los_Angeles',
      ...la,
      is_bot: false,
      deleted: false,
      is_admin: false,
      profile: { real_name: 'Slackbot', display_name: 'Slackbot' },
    },
    {
      id: 'U0OTHERBOT',
      team_id: team.id,
      name: 'deploybot',
      real_name: 'Deploy Bot',
      tz: 'America/Los_Angeles',
      ...la,
      is_bot: true,
      deleted: false,
      is_admin: false,
      profile: { real_name: 'Deploy Bot', display_name: '', bot_id: 'B0OTHERBOT' },
    },
  );

  const pick = (members: string[] | number): string[] =>
    typeof members === 'number' ? humanIds.slice(0, members) : [...members];
  const withTitle = (re: RegExp) =>
    users.filter((u) => !u.deleted && !u.is_bot && re.test(u.profile.title ?? '')).map((u) => u.id);

  const staffIds = pick(opts.staff ?? 3);
  const groupSpecs: GroupSpec[] = [
    { handle: 'ospo-staff', name: 'OSPO staff', members: staffIds },
    {
      handle: 'engineering',
      name: 'Engineering',
      members: withTitle(/Engineer|Scientist|Engineering Manager/),
    },
    { handle: 'managers', name: 'Managers', members: withTitle(/Manager|Lead|Counsel/) },
    { handle: 'executives', name: 'Executives', members: withTitle(/^VP |^Chief /) },
    ...(opts.groups ?? []),
  ];
  const usergroups: UserGroup[] = groupSpecs.map((g, idx) => ({
    id: `S${pad(idx + 1, 9)}`,
    team_id: team.id,
    name: g.name ?? g.handle,
    handle: g.handle,
    description: '',
    users: pick(g.members),
    is_usergroup: true,
  }));

  const created = Math.floor(at.getTime() / 1000);
  const channelSpecs: ChannelSpec[] = [
    { name: 'ospo', members: [...staffIds, ...humanIds.slice(staffIds.length, staffIds.length + 2)] },
    { name: 'general', members: humanIds, botIsMember: false },
    ...(opts.channels ?? []),
  ];
  const channels: Channel[] = channelSpecs.map((c, idx) => ({
    id: `C${pad(idx + 1, 9)}`,
    name: c.name,
    is_channel: true,
    is_private: c.isPrivate ?? false,
    is_im: false,
    is_mpim: false,
    is_archived: false,
    members: [...pick(c.members), ...(c.botIsMember === false ? [] : [bot.userId])],
    created,
  }));

  return {
    team,
    bot,
    users,
    usergroups,
    channels,
    ospoChannelId: (channels[0] as Channel).id,
    staffGroupId: (usergroups[0] as UserGroup).id,
    staffIds,
    humanIds,
  };
}
