import type { WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../schedule/clock.js';
import { findMessageSince, postOnce } from '../slack/sendOnce.js';
import { recordAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import {
  claimDigest,
  findDigest,
  markDigestPosted,
  recordDigestFile,
  recordDigestMessage,
  releaseDigest,
} from '../store/digests.js';
import { claimMessage, findMessage, recordSent } from '../store/messages.js';
import type { Taxonomy } from '../tagging/taxonomy.js';
import { renderDigest } from './blocks.js';
import { buildDigest, parseSummary } from './build.js';
import { flowerSvg } from './flowerSvg.js';
import { svgToPng } from './png.js';
import { countCampaigns } from './queries.js';
import { isoWeekKey, LATE_AFTER_MS, shortDate } from './schedule.js';
import type { DigestView } from './types.js';
import { completeUploads, sendFileBytes } from './upload.js';

export interface DigestDeps {
  db: Db;
  taxonomy: Taxonomy;
  config: Config;
  client: WebClient;
  clock: Clock;
  logger: Logger;
}

export interface PostRequest {
  /** The scheduled instant the digest stands for (for a staff post: now). */
  occurrence: Date;
  trigger: 'schedule' | 'catch-up' | 'staff';
  /** Who asked: a staff user id, or 'system'. */
  actor: string;
}

export type PostResult =
  | { status: 'posted'; week: string; channel: string; ts: string; late: boolean; fileId: string }
  | { status: 'already-posted'; week: string; channel: string | null; ts: string | null }
  | { status: 'nothing-to-post'; week: string }
  /** Another attempt holds the week and is sending: nothing was sent by this one. */
  | { status: 'in-progress'; week: string };

/**
 * How long a posting attempt holds its week. Longer than a post takes (a build under a second, a few Slack calls),
 * shorter than the worker's retries last (2 s doubling over 8 attempts, about 4 minutes), so the retries of an
 * attempt that crashed find the week free again.
 */
export const POSTING_LEASE_MS = 2 * 60_000;

/**
 * Posts the digest for the ISO week of `occurrence` to the OSPO channel, once per week ever.
 *
 * The week is claimed in `digests` (with the figures it will post) before anything is sent, and held for a short
 * lease so that two attempts never send at once; the message goes out through postOnce and the picture through a
 * claim of its own, so a retried job, a restart or a second instance finishes what was started and never sends
 * anything twice. A digest posted more than LATE_AFTER_MS after its
 * occurrence says it is late.
 */
export async function postWeeklyDigest(deps: DigestDeps, request: PostRequest): Promise<PostResult> {
  const { db, config, clock } = deps;
  const tz = config.ospo.timezone;
  const week = isoWeekKey(request.occurrence, tz);
  const existing = findDigest(db, week);
  if (existing?.state === 'posted')
    return { status: 'already-posted', week, channel: existing.channel, ts: existing.ts };
  // Nothing was ever run: a weekly "nothing yet" would teach the channel to ignore the digest.
  if (!existing && countCampaigns(db) === 0) return { status: 'nothing-to-post', week };

  const now = clock.now();
  const late =
    existing?.late ??
    (request.trigger !== 'staff' && now.getTime() - request.occurrence.getTime() > LATE_AFTER_MS);
  const claimedSummary = parseSummary(existing?.summaryJson ?? null);
  const view = buildDigest(db, deps.taxonomy, {
    week,
    occurrence: request.occurrence,
    now,
    late,
    minGroup: config.ospo.minGroup,
    timezone: tz,
    ...(claimedSummary ? { summary: claimedSummary } : {}),
  });
  const stamp = claimDigest(db, {
    week,
    channel: config.ospo.channelId,
    late,
    summaryJson: JSON.stringify(view.summary),
    at: now,
    leaseMs: POSTING_LEASE_MS,
  });
  if (!stamp) {
    const other = findDigest(db, week);
    if (other?.state === 'posted')
      return { status: 'already-posted', week, channel: other.channel, ts: other.ts };
    // Another attempt is sending right now: let it finish rather than race it.
    return { status: 'in-progress', week };
  }
  try {
    return await send(deps, request, week, view, late);
  } catch (err) {
    releaseDigest(db, week, stamp);
    throw err;
  }
}

async function send(
  deps: DigestDeps,
  request: PostRequest,
  week: string,
  view: DigestView,
  late: boolean,
): Promise<PostResult> {
  const { db, config, client, clock, logger } = deps;
  const tz = config.ospo.timezone;
  const dateLabel = shortDate(request.occurrence, tz);
  const rendered = renderDigest(view, { dateRange: dateLabel, picture: 'below' });
  const sent = await postOnce({ db, client, now: () => clock.now() }, `digest-${week}`, {
    channel: config.ospo.channelId,
    text: rendered.text,
    blocks: rendered.blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
  recordDigestMessage(db, week, sent.channel, sent.ts);

  const fileId = await shareFlowerOnce(deps, week, view, sent.channel, dateLabel);
  markDigestPosted(db, week, clock.now());
  recordAudit(db, {
    actor: request.actor,
    action: 'digest.post',
    target: `digest:${week}`,
    detail: { trigger: request.trigger, late, peopleHeard: view.summary.peopleHeard, ts: sent.ts, fileId },
    at: clock.now(),
  });
  logger.info({ week, late, trigger: request.trigger }, 'digest posted');
  return { status: 'posted', week, channel: sent.channel, ts: sent.ts, late, fileId };
}

/**
 * Shares the flower picture in the channel once. The bytes are sent first and the file id kept in `digests`
 * (invisible until completed, so repeating that step is harmless); the completing step — the one people see — is
 * claimed in `messages` like any post. A claim left without a record means an attempt died around completion: Slack
 * is asked whether the file is already shared there before completing again.
 */
async function shareFlowerOnce(
  deps: DigestDeps,
  week: string,
  view: DigestView,
  channel: string,
  dateLabel: string,
): Promise<string> {
  const { db, client, clock } = deps;
  const key = `digest-${week}-flower`;
  let fileId = findDigest(db, week)?.fileId ?? null;
  const record = findMessage(db, key);
  if (record?.state === 'sent' && fileId) return fileId;

  if (!fileId) {
    const png = await svgToPng(flowerSvg(view.summary, { dateRange: dateLabel }));
    fileId = await sendFileBytes(client, {
      bytes: png,
      filename: `ospo-flower-${week}.png`,
      title: `OSPO flower, ${week}`,
      altText: flowerAltText(view),
    });
    recordDigestFile(db, week, fileId);
  }

  if (record?.state === 'sending') {
    if (await isSharedIn(client, fileId, channel, record.claimedAt)) {
      recordSent(db, key, channel, fileId, clock.now());
      return fileId;
    }
  } else if (!claimMessage(db, key, clock.now())) {
    throw new Error(`the flower of ${week} is being shared by another attempt`);
  }
  await completeUploads(client, [{ id: fileId, title: `OSPO flower, ${week}` }], {
    channelId: channel,
    initialComment: `The OSPO flower for week ${week.replace(/^\d{4}-W0?/, '')}: each petal shaded by how many people were heard, labelled with its top motivator and most common stage.`,
  });
  // Messages rows hold a ts; for a shared file the file id is what identifies it.
  recordSent(db, key, channel, fileId, clock.now());
  return fileId;
}

/** Whether a message in the channel since the claim carries the file (Slack lists a shared file on its message). */
async function isSharedIn(
  client: WebClient,
  fileId: string,
  channel: string,
  claimedAt: string,
): Promise<boolean> {
  try {
    return (
      (await findMessageSince(client, channel, claimedAt, (m) => !!m.files?.some((f) => f.id === fileId))) !==
      undefined
    );
  } catch {
    // Not knowing is treated as not shared: a second picture is better than none.
    return false;
  }
}

/** What the picture shows, for people who cannot see it. */
export function flowerAltText(view: DigestView): string {
  const parts = view.summary.petals.map(
    (p) => `${p.name}: ${p.heard === null ? 'number not shown' : `${p.heard} heard`}`,
  );
  return `The OSPO flower. ${parts.join('; ')}.`.slice(0, 1000);
}
