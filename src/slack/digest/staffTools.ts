import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { AppContext } from '../../context.js';
import { renderDigest } from '../../digest/blocks.js';
import { buildDigest } from '../../digest/build.js';
import { buildExport } from '../../digest/exportData.js';
import { flowerSvg } from '../../digest/flowerSvg.js';
import { svgToPng } from '../../digest/png.js';
import { flowerAltText, type PostResult, postWeeklyDigest } from '../../digest/post.js';
import { isoWeekKey, shortDate } from '../../digest/schedule.js';
import { openDm, uploadFiles } from '../../digest/upload.js';
import { createSendingClient } from '../../schedule/interviewWorker.js';
import { recordAudit } from '../../store/audit.js';
import { selectExportAnswers, selectExportTags } from '../../store/exportRows.js';

export interface Preview {
  text: string;
  blocks: KnownBlock[];
  png: Buffer;
  week: string;
  altText: string;
}

/**
 * The digest as it would be posted now, for staff only: counted on the spot (nothing claimed, nothing stored), with
 * who ticked which checklist item shown (a mention would ping them in the channel, not in a preview).
 */
export async function buildPreview(ctx: AppContext): Promise<Preview> {
  const now = ctx.clock.now();
  const tz = ctx.config.ospo.timezone;
  const week = isoWeekKey(now, tz);
  const view = buildDigest(ctx.db, ctx.taxonomy, {
    week,
    occurrence: now,
    now,
    late: false,
    minGroup: ctx.config.ospo.minGroup,
    timezone: tz,
  });
  const dateRange = shortDate(now, tz);
  const rendered = renderDigest(view, { dateRange, preview: true, picture: 'dm' });
  const png = await svgToPng(flowerSvg(view.summary, { dateRange }));
  return { ...rendered, png, week, altText: flowerAltText(view) };
}

/** Puts the preview's picture in the person's DM with the app. */
export async function sendPreviewPicture(client: WebClient, userId: string, preview: Preview): Promise<void> {
  const channelId = await openDm(client, userId);
  await uploadFiles(
    client,
    [
      {
        bytes: preview.png,
        filename: `ospo-flower-${preview.week}-preview.png`,
        title: `OSPO flower (preview, ${preview.week})`,
        altText: preview.altText,
      },
    ],
    { channelId, initialComment: "Preview of this week's OSPO flower. Only you can see this." },
  );
}

/** `digest post`: this ISO week's digest, now, unless it already went out this week. */
export async function postDigestNow(ctx: AppContext, userId: string): Promise<PostResult> {
  return postWeeklyDigest(
    {
      db: ctx.db,
      taxonomy: ctx.taxonomy,
      config: ctx.config,
      // No client-side retries: a retried chat.postMessage after a timeout could post twice.
      client: createSendingClient(ctx),
      clock: ctx.clock,
      logger: ctx.logger,
    },
    { occurrence: ctx.clock.now(), trigger: 'staff', actor: userId },
  );
}

export interface ExportRequest {
  userId: string;
  /** Staff asked for the internal export (every answer and name). Only honoured for staff. */
  internal: boolean;
  isStaff: boolean;
  campaignId?: number;
}

export interface ExportOutcome {
  interviews: number;
  answers: number;
  tags: number;
  withheldTexts: number;
  internal: boolean;
}

/** Builds the export and uploads its three files, in one message, to the person's DM with the app. */
export async function exportToDm(ctx: AppContext, request: ExportRequest): Promise<ExportOutcome> {
  const internal = request.internal && request.isStaff;
  const now = ctx.clock.now();
  const files = buildExport(
    selectExportAnswers(ctx.db, request.campaignId),
    selectExportTags(ctx.db, request.campaignId),
    {
      internal,
      generatedAt: now,
    },
  );
  const stamp = now.toISOString().slice(0, 10);
  const suffix = `${request.campaignId ? `-campaign-${request.campaignId}` : ''}${internal ? '-internal' : ''}-${stamp}`;
  const channelId = await openDm(ctx.slack, request.userId);
  await uploadFiles(
    ctx.slack,
    [
      {
        bytes: Buffer.from(files.answersCsv, 'utf8'),
        filename: `ospo-answers${suffix}.csv`,
        title: 'Answers (CSV)',
      },
      { bytes: Buffer.from(files.tagsCsv, 'utf8'), filename: `ospo-tags${suffix}.csv`, title: 'Tags (CSV)' },
      {
        bytes: Buffer.from(files.json, 'utf8'),
        filename: `ospo-export${suffix}.json`,
        title: 'Answers and tags (JSON)',
      },
    ],
    {
      channelId,
      initialComment: internal
        ? `Internal export: ${files.counts.answers} answers from ${files.counts.interviews} interviews, with every name and answer. For OSPO staff only: please do not share it.`
        : `Export: ${files.counts.answers} answers from ${files.counts.interviews} interviews. Names only for people who chose to be quoted by name; the words of ${files.counts.withheldTexts === 1 ? 'one answer' : `${files.counts.withheldTexts} answers`} of people who chose not to be quoted are left out.`,
    },
  );
  recordAudit(ctx.db, {
    actor: request.userId,
    action: 'digest.export',
    target: request.campaignId ? `campaign:${request.campaignId}` : 'all',
    detail: { internal, ...files.counts },
    at: now,
  });
  return { ...files.counts, internal };
}
