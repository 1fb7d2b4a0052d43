/**
 * The digest from the command line.
 *
 *   npm run digest -- --dry-run [--png FILE] [--db FILE] [--demo]
 *       Builds this week's digest from the database and prints it as JSON ({"text", "blocks", "summary"}) on stdout.
 *       Nothing is posted or claimed; --png writes the flower picture. --demo builds it from a made-up organisation
 *       in memory instead, to see what a digest looks like before any campaign has run.
 *   npm run digest -- --post [--db FILE]
 *       Posts this week's digest now with the configured Slack app: once per ISO week, like `/ospo-survey digest post`.
 *
 * The database is DATABASE_PATH (default data/ospo-survey.db), or --db FILE. Settings (OSPO_TIMEZONE,
 * OSPO_MIN_GROUP, OSPO_MATURITY_MODEL…) come from the environment and .env as for the app; a dry run needs no
 * Slack settings.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Config, ConfigError, loadConfig, loadDotEnv } from '../config.js';
import { createLogger } from '../logger.js';
import { systemClock } from '../schedule/clock.js';
import { createWebClient } from '../slack/webClient.js';
import { type Db, openDatabase } from '../store/db.js';
import { argsOrExitCode, optionValue } from '../tagging/cliArgs.js';
import { loadTaxonomy } from '../tagging/taxonomy.js';
import { renderDigest } from './blocks.js';
import { buildDigest } from './build.js';
import { seedDemoOrganisation } from './demo.js';
import { flowerSvg } from './flowerSvg.js';
import { svgToPng } from './png.js';
import { postWeeklyDigest } from './post.js';
import { isoWeekKey, shortDate } from './schedule.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  now?: () => Date;
}

const USAGE = `usage:
  npm run digest -- --dry-run [--png FILE] [--db FILE] [--demo]   print this week's digest as JSON; --png writes the picture
  npm run digest -- --post [--db FILE]                            post this week's digest now (once per ISO week)
`;

interface Args {
  mode: 'dry-run' | 'post' | 'help';
  png?: string;
  db?: string;
  demo: boolean;
}

export function parseCliArgs(argv: readonly string[]): Args | string {
  const args: Args = { mode: 'help', demo: false };
  let modes = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') return { mode: 'help', demo: false };
    if (a === '--dry-run') {
      args.mode = 'dry-run';
      modes++;
    } else if (a === '--post') {
      args.mode = 'post';
      modes++;
    } else if (a === '--demo') args.demo = true;
    else if (a === '--png' || a === '--db') {
      const value = optionValue(argv, i++);
      if (!value)
        return `${a} needs a file: ${a} ${a === '--png' ? 'out/flower.png' : 'data/ospo-survey.db'}`;
      if (a === '--png') args.png = value;
      else args.db = value;
    } else return `unknown option ${a}`;
  }
  if (modes > 1) return 'choose one of --dry-run and --post';
  if (args.mode === 'post' && (args.demo || args.png)) return '--demo and --png go with --dry-run';
  return args;
}

/** Settings a dry run does not use but the configuration requires; anything set in the environment wins. */
const DRY_RUN_PLACEHOLDERS = {
  SLACK_BOT_TOKEN: 'xoxb-dry-run',
  SLACK_SIGNING_SECRET: 'dry-run-only',
  OSPO_CHANNEL_ID: 'C0DRYRUN',
  OSPO_STAFF_IDS: 'U0DRYRUN',
};

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = argsOrExitCode(parseCliArgs(argv), USAGE, io);
  if (typeof args === 'number') return args;
  let config: Config;
  try {
    config = loadConfig(args.mode === 'dry-run' ? { ...DRY_RUN_PLACEHOLDERS, ...io.env } : io.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const taxonomy = loadTaxonomy(undefined, { modelId: config.ospo.maturityModel });
  const now = io.now?.() ?? new Date();
  const dbPath = args.demo ? ':memory:' : (args.db ?? config.databasePath);
  if (dbPath !== ':memory:' && !existsSync(dbPath)) {
    io.stderr.write(`There is no database at ${dbPath}. Run the app first, give --db FILE, or try --demo.\n`);
    return 1;
  }
  const db: Db = openDatabase(dbPath);
  try {
    if (args.demo) seedDemoOrganisation(db, taxonomy, now);
    if (args.mode === 'post') {
      const result = await postWeeklyDigest(
        {
          db,
          taxonomy,
          config,
          client: createWebClient(config, { rejectRateLimitedCalls: true }),
          clock: systemClock,
          logger: createLogger(config.logLevel),
        },
        { occurrence: now, trigger: 'staff', actor: 'cli' },
      );
      io.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }

    const tz = config.ospo.timezone;
    const view = buildDigest(db, taxonomy, {
      week: isoWeekKey(now, tz),
      occurrence: now,
      now,
      late: false,
      minGroup: config.ospo.minGroup,
      timezone: tz,
    });
    const dateRange = shortDate(now, tz);
    const rendered = renderDigest(view, { dateRange, preview: true, picture: 'none' });
    io.stdout.write(
      `${JSON.stringify({ text: rendered.text, blocks: rendered.blocks, summary: view.summary }, null, 2)}\n`,
    );
    if (args.png) {
      const png = await svgToPng(flowerSvg(view.summary, { dateRange }));
      mkdirSync(dirname(args.png), { recursive: true });
      writeFileSync(args.png, png);
      io.stderr.write(
        `wrote ${args.png} (${png.length} bytes, ${view.summary.petals.length} petals, ${view.summary.peopleHeard} people heard)\n`,
      );
    }
    return 0;
  } finally {
    db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  loadDotEnv();
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
}
