import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { loadQuestionSets } from '../interviews/questionSets.js';
import { ensureRedis, type LocalRedis, RedisNotInstalledError } from '../runtime/localRedis.js';
import { DataFileError, repoRoot } from '../shared/loadYaml.js';
import { findInterview } from '../store/interviewResponses.js';
import { loadTaxonomy } from '../tagging/taxonomy.js';
import { describeCall } from './emulator/callLog.js';
import { type Stack, startStack } from './stack.js';
import { loadSandboxAnswers } from './story/answers.js';
import { buildCast, sandboxWorkspace } from './story/cast.js';
import { storyClock } from './story/clock.js';
import type { StoryContext } from './story/context.js';
import { detectFeatures } from './story/features.js';
import { keepInstructions, startReplyInbox } from './story/keep.js';
import { fileLogger, loggedErrors } from './story/logFile.js';
import { startPeople } from './story/people.js';
import { playStory, SANDBOX_SETTINGS, STEP_COUNT, StoryStop, storyStart, TIMELINE } from './story/script.js';
import { watchEmulator } from './story/watch.js';
import { createNarrator, type NarratorContext } from './terminal/narrator.js';
import { createPrinter, localStamp, type Printer } from './terminal/printer.js';
import { styleFor } from './terminal/style.js';

/**
 * `npm run sandbox`: the whole product on one machine, without a Slack workspace. A private redis-server (or
 * REDIS_URL), a fresh database, the Slack emulator with a made-up organisation, and the real bot in HTTP mode, with
 * story time running fast; then a week of interviews played through signed requests, as Slack would send them.
 *
 *   npm run sandbox                      about a minute: one story hour per real second
 *   npm run sandbox -- --fast            about fifteen seconds (CI); SANDBOX_FAST=1 does the same
 *   npm run sandbox -- --keep            leave the bot and the emulator running afterwards, to try things by hand
 *   npm run sandbox -- --out DIR         where the database, picture, export and log go (default out/sandbox)
 */

const HOUR = 3600;
const USAGE = `Usage: npm run sandbox [-- --fast] [-- --keep] [-- --speed HOURS_PER_SECOND] [-- --out DIR]`;

interface Options {
  keep: boolean;
  speed: number;
  outDir: string;
}

function readOptions(argv: string[]): Options | string {
  try {
    return parseOptions(argv);
  } catch (err) {
    return `${(err as Error).message}\n${USAGE}`;
  }
}

function parseOptions(argv: string[]): Options | string {
  const { values } = parseArgs({
    args: argv,
    options: {
      keep: { type: 'boolean', default: false },
      fast: { type: 'boolean', default: false },
      speed: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return USAGE;
  const fast = values.fast || process.env.SANDBOX_FAST === '1';
  let hoursPerSecond = fast ? 6 : 1;
  if (values.speed !== undefined) {
    hoursPerSecond = Number(values.speed);
    if (!Number.isFinite(hoursPerSecond) || hoursPerSecond <= 0 || hoursPerSecond > 24) {
      return `--speed takes story hours per real second, more than 0 and at most 24 (got "${values.speed}")`;
    }
  }
  return {
    keep: values.keep,
    speed: hoursPerSecond * HOUR,
    outDir: path.resolve(values.out ?? path.join(repoRoot, 'out', 'sandbox')),
  };
}

/** A fresh start: the previous run's database, Redis data, picture and export go. */
function clearOutput(outDir: string): void {
  for (const name of [
    'ospo-survey.db',
    'ospo-survey.db-wal',
    'ospo-survey.db-shm',
    'flower.png',
    'export',
    'bot.log',
    'slack-calls.txt',
    'redis',
  ]) {
    rmSync(path.join(outDir, name), { recursive: true, force: true });
  }
}

/** With a shared REDIS_URL the run's queues must not outlive it: their keys all start with the run's prefix. */
async function removeQueueKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  let removed = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) removed += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}

/** Every Slack call the bot made, one line each with its story time: for whoever wants to see what happened. */
function writeCallLog(stack: Stack, file: string, virtualAt: (ms: number) => Date): void {
  const lines = stack.emulator.calls.map((c) => {
    const story = virtualAt(c.time).toISOString().slice(0, 19).replace('T', ' ');
    return `${story}Z ${describeCall(c).trim()}`;
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function relative(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<number> {
  const started = Date.now();
  const options = readOptions(process.argv.slice(2));
  if (typeof options === 'string') {
    console.log(options);
    return options === USAGE ? 0 : 2;
  }
  const style = styleFor(process.stdout);
  const printer: Printer = createPrinter((s) => process.stdout.write(s), style, STEP_COUNT);
  const problems: string[] = [];
  const problem = (text: string) => {
    problems.push(text);
    printer.warn(text);
  };
  process.on('unhandledRejection', (err) => problem(`unexpected: ${String(err)}`));

  const hours = options.speed / HOUR;
  printer.raw(style.bold('ospo-survey sandbox'));
  printer.raw(
    `A made-up organisation, the real bot, and a week of OSPO interviews at ${hours} story hour${hours === 1 ? '' : 's'} per second.`,
  );

  printer.step('Starting: Redis, a fresh database, the Slack emulator and the bot');

  let redis: LocalRedis | undefined;
  let stack: Stack | undefined;
  let stopReplies: (() => Promise<void>) | undefined;
  let watcher: ReturnType<typeof watchEmulator> | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let storyDone = false;
  let stopping: Promise<void> | undefined;
  const logFile = path.join(options.outDir, 'bot.log');

  const cleanUp = () => {
    stopping ??= (async () => {
      clearInterval(ticker);
      printer.status(undefined);
      watcher?.stop();
      await stopReplies?.().catch(() => undefined);
      const prefix = stack?.queuePrefix;
      await stack?.stop().catch((err: unknown) => problem(`stopping the bot: ${String(err)}`));
      if (redis && !redis.started && prefix) {
        await removeQueueKeys(redis.url, prefix).catch((err: unknown) =>
          problem(`removing the run's queues from REDIS_URL: ${String(err)}`),
        );
      }
      await redis?.stop().catch((err: unknown) => problem(`stopping redis-server: ${String(err)}`));
      if (redis?.started) rmSync(path.join(options.outDir, 'redis'), { recursive: true, force: true });
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    printer.raw(`\n${signal}: stopping the bot, the emulator and Redis…`);
    // With --keep, Ctrl-C after the story is the normal way out; before the story's end it interrupts it (130).
    const code = !storyDone ? 130 : problems.length > 0 ? 1 : 0;
    void cleanUp().then(() => process.exit(code));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // Data files first: a mistake in one is reported with its line before anything starts.
    const taxonomy = loadTaxonomy('data/taxonomy');
    const questionSets = loadQuestionSets('prompts', taxonomy);
    const answers = loadSandboxAnswers(questionSets, taxonomy);
    clearOutput(options.outDir);
    redis = await ensureRedis(process.env, { dataDir: path.join(options.outDir, 'redis') });
    const clock = storyClock(storyStart(options.speed), options.speed);
    const workspace = sandboxWorkspace(TIMELINE.newCampaign);
    const cast = buildCast(workspace, answers);
    stack = await startStack({
      workspace,
      redisUrl: redis.url,
      databasePath: path.join(options.outDir, 'ospo-survey.db'),
      clock,
      env: { ...SANDBOX_SETTINGS, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
      // Message timestamps in story time, so the bot's "sent at" and Slack's agree.
      // Slack's rate limits are per real minute; story time squeezes hours of traffic into seconds, so the windows
      // shrink with it (one story hour per second: a minute's window lasts a second).
      emulator: { now: () => clock.now().getTime(), timeScale: options.speed / 60 },
      logger: fileLogger(logFile, process.env.LOG_LEVEL ?? 'info'),
    });
    const features = detectFeatures();
    const ctx: StoryContext = {
      stack,
      clock,
      cast,
      answers,
      printer,
      features,
      outDir: options.outDir,
      problem,
      flush: () => watcher?.flush(),
    };

    const zones = new Set(workspace.users.filter((u) => !u.is_bot && !u.deleted).map((u) => u.tz));
    const active = workspace.humanIds.length;
    printer.note(
      [
        redis.started
          ? `redis      private redis-server, pid ${redis.pid}, ${redis.url} (REDIS_URL is unset)`
          : `redis      ${redis.url} (REDIS_URL), queues under the prefix "${stack.queuePrefix}"`,
        `database   ${relative(path.join(options.outDir, 'ospo-survey.db'))} (new)`,
        `emulator   ${stack.emulator.url}  ${workspace.team.name}: ${active} people in ${zones.size} time zones, ${workspace.users.filter((u) => u.deleted).length} deactivated`,
        `           groups ${workspace.usergroups.map((g) => `@${g.handle}`).join(' ')} · channels ${workspace.channels.map((c) => `#${c.name}`).join(' ')}`,
        `bot        ${stack.appUrl} (HTTP mode, real signatures) · log in ${relative(logFile)}`,
        `staff      ${workspace.staffIds.map((id) => cast.nameOf(id)).join(', ')} · digest on Thursdays at 12:00 London time`,
        `story time: Monday 2 March 2026 onwards, ${hours} hour${hours === 1 ? '' : 's'} per real second`,
      ].join('\n'),
    );
    for (const [name, on] of Object.entries(features)) {
      if (!on) printer.note(style.yellow(`(not available yet: ${name}; that part of the story is skipped)`));
    }

    const people = startPeople(ctx);
    const narration: NarratorContext = {
      printer,
      names: {
        user: (id) => cast.nameOf(id),
        channel: (id) => workspace.channels.find((c) => c.id === id)?.name,
        group: (id) => workspace.usergroups.find((g) => g.id === id)?.handle,
      },
      tzOf: (id) => cast.tzOf(id),
      channelTz: stack.config.ospo.timezone,
      virtualAt: (ms) => clock.virtualAt(ms),
      now: () => clock.now(),
      audienceOf: (id) => (stack ? findInterview(stack.db, id)?.audience : undefined),
    };
    const narrator = createNarrator(narration);
    watcher = watchEmulator(stack.emulator, (err) => problem(`while following the story: ${String(err)}`));
    watcher.add(narrator);
    watcher.add(people);
    const end = TIMELINE.export.getTime();
    const first = TIMELINE.newCampaign.getTime();
    ticker = setInterval(() => {
      const now = clock.now();
      const done = Math.min(1, Math.max(0, (now.getTime() - first) / (end - first)));
      const bar = '█'.repeat(Math.round(done * 20)).padEnd(20, '░');
      const london = localStamp(now, stack?.config.ospo.timezone ?? 'UTC');
      printer.status(`  story time ${london} London  ${bar} ${Math.round(done * 100)}%`);
    }, 250);

    const result = await playStory(ctx, people);
    storyDone = true;
    clearInterval(ticker);
    printer.status(undefined);
    watcher.flush();
    writeCallLog(stack, path.join(options.outDir, 'slack-calls.txt'), clock.virtualAt);

    const o = people.outcome;
    const invited = cast.members.length;
    const reminded = cast.members.filter((m) => people.messagesSeen(m.userId) > 1).length;
    printer.raw('');
    printer.raw(style.bold('Summary'));
    printer.note(
      [
        `${invited} invited · ${o.answered.size} answered in Slack${result.talkRecorded ? ', 1 by live talk' : ''} · ${o.declined.size} declined · ${o.later.size} asked for Later · ${reminded} reminded`,
        result.files.picture ? `picture    ${relative(result.files.picture)}` : 'picture    (none)',
        result.files.exports.length > 0
          ? `export     ${result.files.exports.map(relative).join(', ')}`
          : 'export     (none)',
        `database   ${relative(path.join(options.outDir, 'ospo-survey.db'))}`,
        `bot log    ${relative(logFile)} · Slack calls in ${relative(path.join(options.outDir, 'slack-calls.txt'))}`,
      ].join('\n'),
    );
    const errors = loggedErrors(logFile);
    if (errors.length > 0) {
      printer.note(style.yellow(`the bot logged ${errors.length} error${errors.length === 1 ? '' : 's'}:`));
      for (const e of errors.slice(0, 5))
        printer.note(style.yellow(`  ${e.msg}${e.err ? `: ${e.err}` : ''}`));
    }

    if (options.keep) {
      const inbox = await startReplyInbox(ctx);
      stopReplies = inbox.stop;
      narration.showViews = true;
      printer.raw('');
      printer.raw(keepInstructions(ctx, inbox.url));
      await new Promise<never>(() => {
        // Runs until SIGINT or SIGTERM; onSignal cleans up and exits.
      });
    }
  } catch (err) {
    if (err instanceof StoryStop) problem(err.message);
    else if (err instanceof DataFileError || err instanceof RedisNotInstalledError) problem(err.message);
    else problem(err instanceof Error ? (err.stack ?? err.message) : String(err));
  }

  const redisStarted = redis?.started ?? false;
  await cleanUp();
  const took = Date.now() - started;
  if (problems.length > 0) {
    printer.raw('');
    printer.raw(
      style.red(`The sandbox ran into ${problems.length} problem${problems.length === 1 ? '' : 's'}:`),
    );
    for (const p of problems) printer.raw(style.red(`  - ${p}`));
    printer.raw(`Stopped everything it started (${seconds(took)}).`);
    return 1;
  }
  printer.raw('');
  printer.raw(
    `Done in ${seconds(took)}. ${
      redisStarted
        ? 'Bot, emulator and Redis stopped.'
        : "Bot and emulator stopped; the run's queues removed from REDIS_URL."
    }`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
