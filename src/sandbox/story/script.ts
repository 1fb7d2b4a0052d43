import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { longStamp } from '../terminal/printer.js';
import { startCampaign } from './campaign.js';
import { STAFF } from './cast.js';
import { runCommand } from './commands.js';
import type { StoryContext } from './context.js';
import { renderDigest, saveFile, sharedFiles, waitForDigest } from './digest.js';
import type { People } from './people.js';
import { until } from './slack.js';
import { reviewTags } from './tags.js';
import { recordTalk } from './talk.js';

/**
 * The week the sandbox plays, in story time (UTC). It starts on a Monday morning in New York; invitations go out
 * on Tuesday at 10:00 in each person's zone, which runs from Monday 20:00 UTC (Kiritimati, UTC+14) to Tuesday 22:00
 * UTC (UTC−12); reminders follow one working day later; the digest is configured for Thursdays at 12:00 London time
 * so that the whole story fits in four days.
 */
export const TIMELINE = {
  newCampaign: new Date('2026-03-02T13:00:00Z'),
  endOfInvitations: new Date('2026-03-04T01:00:00Z'),
  endOfReminders: new Date('2026-03-05T02:30:00Z'),
  talkNotes: new Date('2026-03-05T09:00:00Z'),
  tagReview: new Date('2026-03-05T10:00:00Z'),
  digest: new Date('2026-03-05T12:00:00Z'),
  export: new Date('2026-03-05T13:15:00Z'),
} as const;

/**
 * Real time the bot needs to start (Redis connections, workers, the HTTP receiver): story time runs meanwhile, so
 * the clock starts this much (in real time) before the campaign is due to be created.
 */
const STARTUP_MS = 1_500;

/** Where story time starts, so that the campaign is created at its moment however fast the story runs. */
export function storyStart(speed: number): Date {
  return new Date(TIMELINE.newCampaign.getTime() - Math.max(10 * 60_000, STARTUP_MS * speed));
}

export const CAMPAIGN = {
  name: 'How we use open source, spring 2026',
  startDate: '2026-03-03',
  dueDate: '2026-03-13',
  sendAt: '10:00',
  remindEveryWorkingDays: 1,
  maxReminders: 1,
};

/** Settings the bot runs with in the sandbox (as environment variables). */
export const SANDBOX_SETTINGS = {
  OSPO_TIMEZONE: 'Europe/London',
  OSPO_DIGEST_DAY: 'thursday',
  OSPO_DIGEST_TIME: '12:00',
  OSPO_MIN_GROUP: '3',
};

export const STEP_COUNT = 8;

/** The files the story leaves behind. */
export interface StoryFiles {
  picture?: string;
  /** What `/ospo-survey export` sent, under the names the app gave the files. */
  exports: string[];
}

export interface StoryResult {
  files: StoryFiles;
  digestShown: boolean;
  talkRecorded: boolean;
}

/** Steps 2 to 8; step 1 (starting everything) is the runner's. */
export async function playStory(ctx: StoryContext, people: People): Promise<StoryResult> {
  const { printer, clock, cast, stack, features } = ctx;
  const files: StoryFiles = { exports: [] };
  const invited = cast.members;
  const london = stack.config.ospo.timezone;
  // Whatever the bot did before a new step is printed under the step it belongs to.
  const step = (title: string) => {
    ctx.flush();
    printer.step(title);
  };

  step(`Monday morning in New York: the OSPO starts a campaign`);
  await clock.until(TIMELINE.newCampaign);
  const created = await startCampaign(ctx, CAMPAIGN);
  if (!created) throw new StoryStop('the campaign was not created, so nobody can be invited');

  step(`Tuesday: invitations go out at ${CAMPAIGN.sendAt} in each person's own zone, and people answer`);
  await clock.until(TIMELINE.endOfInvitations);
  const uninvited = invited.filter((m) => people.messagesSeen(m.userId) === 0);
  if (uninvited.length > 0) {
    ctx.problem(
      `no invitation reached ${uninvited.map((m) => m.name).join(', ')} by Tuesday night everywhere`,
    );
  }

  step(`Wednesday: reminders at ${CAMPAIGN.sendAt} local time; the people who clicked Later answer`);
  await clock.until(TIMELINE.endOfReminders);
  await people.settled();
  const expected = invited.filter((m) => m.plan.includes('answer'));
  const missing = expected.filter((m) => !people.outcome.answered.has(m.userId));
  if (missing.length > 0)
    ctx.problem(`${missing.map((m) => m.name).join(', ')} meant to answer but did not get to`);
  const reminded = invited.filter((m) => people.messagesSeen(m.userId) > 1);
  const wantedReminders = invited.filter((m) => m.plan.length > 1);
  const unreminded = wantedReminders.filter((m) => !reminded.includes(m));
  if (unreminded.length > 0) ctx.problem(`no reminder reached ${unreminded.map((m) => m.name).join(', ')}`);
  if (features.status) {
    await runCommand(ctx, STAFF.reviewer, 'status');
  }

  step(`${longStamp(TIMELINE.talkNotes, london)} London: the interviewer records the live talk`);
  await clock.until(TIMELINE.talkNotes);
  const talkRecorded = await recordTalk(ctx);

  step(`${longStamp(TIMELINE.tagReview, london)} London: the OSPO reviews the tagger's suggestions`);
  await clock.until(TIMELINE.tagReview);
  if (features.tags) {
    await reviewTags(ctx);
  } else {
    printer.skip('tag review', '`/ospo-survey tags` is not available yet');
  }

  step(`${longStamp(TIMELINE.digest, london)} London: the weekly digest`);
  await clock.until(TIMELINE.digest);
  // The scheduled job runs at its moment in story time; a few real seconds cover the queue's latency.
  const grace = Math.max(5_000, clock.delayUntil(new Date(TIMELINE.digest.getTime() + 3 * 3600_000)));
  let digest = await waitForDigest(ctx, grace);
  if (!digest && features.digest) {
    ctx.problem('the weekly digest was not posted at its scheduled time; posting it by hand');
    await runCommand(ctx, STAFF.lead, 'digest post', { channelId: stack.workspace.ospoChannelId });
    digest = await waitForDigest(ctx, 15_000);
  }
  if (digest) {
    // The picture follows the message.
    await until(() => sharedFiles(ctx, stack.workspace.ospoChannelId, /\.png$/i).length > 0, 10_000, 50);
  } else if (!features.digest) {
    printer.skip('the weekly digest', 'no digest was posted and `/ospo-survey digest` is not available yet');
  }

  step('Thursday afternoon: an export, and the digest as #ospo shows it');
  await clock.until(TIMELINE.export);
  const lead = STAFF.lead;
  if (features.export) {
    const dm = [lead, `D${lead.slice(1)}`];
    const already = new Set(dm.flatMap((c) => sharedFiles(ctx, c, /./)).map((f) => f.id));
    await runCommand(ctx, lead, 'export', { waitForReply: false });
    const exported = () =>
      dm.flatMap((c) => sharedFiles(ctx, c, /\.(csv|json)$/i)).filter((f) => !already.has(f.id));
    // The files come in one share; a moment more lets a second upload of the same export land too.
    if (await until(() => exported().some((f) => /\.csv$/i.test(f.filename)), 20_000, 50)) await sleep(200);
    for (const file of exported())
      files.exports.push(saveFile(ctx, file, path.join('export', path.basename(file.filename))));
    if (!files.exports.some((f) => f.endsWith('.csv'))) ctx.problem('`/ospo-survey export` sent no CSV');
  } else {
    printer.skip('the export', '`/ospo-survey export` is not available yet');
  }
  const picture = sharedFiles(ctx, stack.workspace.ospoChannelId, /\.png$/i).at(-1);
  if (picture) files.picture = saveFile(ctx, picture, 'flower.png');
  else if (digest) ctx.problem('the digest came without its flower picture');

  let digestShown = false;
  if (digest) {
    const width = Math.min(100, Math.max(60, (process.stdout.columns ?? 100) - 2));
    printer.raw('');
    printer.raw(renderDigest(ctx, digest, width));
    digestShown = true;
  } else if (features.digest) {
    ctx.problem('no digest reached #ospo');
  }
  // Let anything the last commands caused reach the terminal before the summary.
  await sleep(100);
  return { files, digestShown, talkRecorded };
}

/** The story cannot go on (the campaign was never created): the runner says why and stops cleanly. */
export class StoryStop extends Error {
  override readonly name = 'StoryStop';
}
