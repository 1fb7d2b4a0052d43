import { z } from 'zod';

/** Settings read once at start from the environment (and `.env`). Secrets are never printed. */
export interface Config {
  slack: {
    botToken: string;
    signingSecret: string;
    /** Set: Socket Mode. Unset: HTTP mode on `port`, path /slack/events. */
    appToken: string | undefined;
    /** Web API base URL, ending in '/'. */
    apiUrl: string;
  };
  port: number;
  /** Unset: the app starts a private redis-server under data/ (see src/runtime/localRedis.ts). */
  redisUrl: string | undefined;
  databasePath: string;
  ospo: {
    channelId: string;
    staffIds: string[];
    staffGroupId: string | undefined;
    timezone: string;
    /** Smallest group shown in any digest breakdown cell. */
    minGroup: number;
    /** Days after which answer text is erased (tags stay). Unset: kept until the person asks. */
    retentionDays: number | undefined;
    maturityModel: string;
    digest: { weekday: number; time: string };
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const MANIFEST_HINT =
  'create the Slack app from manifest.yml (api.slack.com/apps → Create New App → From a manifest)';
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const slackId = (prefixes: string, what: string) =>
  z
    .string()
    .regex(
      new RegExp(`^[${prefixes}][A-Z0-9]{2,}$`),
      `must be a Slack ${what} ID such as ${prefixes[0]}0123ABCD`,
    );

const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), s.optional());

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: `is missing: copy the Bot User OAuth Token (xoxb-…) after you ${MANIFEST_HINT}` })
    .regex(/^xoxb-/, 'must start with xoxb- (the Bot User OAuth Token)'),
  SLACK_SIGNING_SECRET: z
    .string({
      error: `is missing: copy the Signing Secret from Basic Information after you ${MANIFEST_HINT}`,
    })
    .min(8, 'looks too short to be a signing secret'),
  SLACK_APP_TOKEN: optional(
    z.string().regex(/^xapp-/, 'must start with xapp- (an app-level token with connections:write)'),
  ),
  SLACK_API_URL: optional(z.url('must be a URL such as https://slack.com/api/')),
  PORT: optional(z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535)),
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')),
  DATABASE_PATH: optional(z.string().min(1)),
  OSPO_CHANNEL_ID: z
    .string({
      error: 'is missing: the ID of the channel where digests go (channel details → About → Channel ID)',
    })
    .pipe(slackId('CG', 'channel')),
  OSPO_STAFF_IDS: optional(z.string()),
  OSPO_STAFF_GROUP_ID: optional(slackId('S', 'user group')),
  OSPO_TIMEZONE: optional(z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')),
  OSPO_MIN_GROUP: optional(z.coerce.number().int().min(1).max(100)),
  OSPO_RETENTION_DAYS: optional(z.coerce.number().int().min(1)),
  OSPO_MATURITY_MODEL: optional(z.string().regex(/^[a-z0-9-]+$/)),
  OSPO_DIGEST_DAY: optional(
    z
      .string()
      .toLowerCase()
      .refine((d) => WEEKDAYS.includes(d), 'must be a weekday name such as monday'),
  ),
  OSPO_DIGEST_TIME: optional(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 24-hour')),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
});

function splitIds(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Checked apart from the schema so that they are reported together with every other problem. */
function staffProblems(env: NodeJS.ProcessEnv): string[] {
  const ids = splitIds(env.OSPO_STAFF_IDS);
  const problems = ids
    .filter((id) => !/^[UW][A-Z0-9]{2,}$/.test(id))
    .map((id) => `OSPO_STAFF_IDS has "${id}", which is not a Slack user ID (U…)`);
  if (ids.length === 0 && !env.OSPO_STAFF_GROUP_ID?.trim()) {
    problems.push(
      'OSPO_STAFF_IDS is missing: nobody could run campaigns; set OSPO_STAFF_IDS (comma-separated user IDs) and/or OSPO_STAFF_GROUP_ID',
    );
  }
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `ospo-survey cannot start: ${problems.length} setting${problems.length === 1 ? '' : 's'} to fix\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSet them in the environment or in a .env file (see README.md, "Settings").',
    );
    this.name = 'ConfigError';
  }
}

/** Reads and validates the settings; throws one ConfigError listing every problem. Never echoes values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${String(i.path[0] ?? 'settings')} ${i.message}`);
  problems.push(...staffProblems(env));
  if (!parsed.success || problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const e = parsed.data;
  const apiUrl = e.SLACK_API_URL ?? 'https://slack.com/api/';
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    },
    port: e.PORT ?? 3000,
    redisUrl: e.REDIS_URL,
    databasePath: e.DATABASE_PATH ?? 'data/ospo-survey.db',
    ospo: {
      channelId: e.OSPO_CHANNEL_ID,
      staffIds: splitIds(e.OSPO_STAFF_IDS),
      staffGroupId: e.OSPO_STAFF_GROUP_ID,
      timezone: e.OSPO_TIMEZONE ?? 'UTC',
      minGroup: e.OSPO_MIN_GROUP ?? 3,
      retentionDays: e.OSPO_RETENTION_DAYS,
      maturityModel: e.OSPO_MATURITY_MODEL ?? 'todo-ospo',
      digest: {
        weekday: WEEKDAYS.indexOf(e.OSPO_DIGEST_DAY ?? 'monday'),
        time: e.OSPO_DIGEST_TIME ?? '09:00',
      },
    },
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}

/** Loads `.env` from the working directory when present; real environment variables win. */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
