import type { App, BlockAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { recordAudit } from '../../store/audit.js';
import { listTicked, saveChecklist } from '../../store/checklist.js';
import { messageView } from '../interviews/modalView.js';
import { type ClickBody, tellClicker } from '../interviews/reply.js';
import { isStaff } from '../staff.js';
import { CHECKLIST_CALLBACK_ID, parseChecklistSubmission, savedView } from './checklistModal.js';
import { buildPreview, exportToDm, sendPreviewPicture } from './staffTools.js';

export const HOME_ACTIONS = { digestPreview: 'home_digest_preview', export: 'home_export' } as const;

/** The checklist modal's submission and the staff Home's Digest preview and Export buttons. */
export function register(app: App, ctx: AppContext): void {
  app.view<ViewSubmitAction>(
    { callback_id: CHECKLIST_CALLBACK_ID, type: 'view_submission' },
    async ({ ack, body, view }) => {
      const firstBlock = view.blocks.find((b) => b.type === 'input')?.block_id ?? 'none';
      if (!(await isStaff(ctx, body.user.id))) {
        await ack({
          response_action: 'errors',
          errors: { [firstBlock]: 'Only the OSPO team can tick the checklist.' },
        });
        return;
      }
      const parsed = parseChecklistSubmission(ctx.taxonomy, view.private_metadata, view.state.values);
      if (!parsed) {
        await ack({
          response_action: 'errors',
          errors: {
            [firstBlock]: 'This form is out of date. Close it and run /ospo-survey checklist again.',
          },
        });
        return;
      }
      const at = ctx.clock.now();
      const { added, removed } = saveChecklist(ctx.db, { ...parsed, by: body.user.id, at });
      if (added.length > 0 || removed.length > 0) {
        recordAudit(ctx.db, {
          actor: body.user.id,
          action: 'checklist.save',
          target: `model:${parsed.modelId}`,
          detail: { added, removed },
          at,
        });
      }
      const tickedNow = listTicked(ctx.db, parsed.modelId).filter((t) =>
        parsed.shown.includes(t.itemId),
      ).length;
      await ack({
        response_action: 'update',
        view: savedView(added.length, removed.length, tickedNow, parsed.shown.length),
      });
    },
  );

  app.action<BlockAction>(HOME_ACTIONS.digestPreview, async ({ ack, body }) => {
    await ack();
    const click = body as unknown as ClickBody;
    if (!(await isStaff(ctx, body.user.id)))
      return tellClicker(ctx, click, 'The digest preview is for the OSPO team.');
    const notice = await openNotice(
      ctx,
      body.trigger_id,
      'Building the digest preview… it will arrive in your DM with me.',
    );
    try {
      const preview = await buildPreview(ctx);
      await ctx.slack.chat.postMessage({
        channel: body.user.id,
        text: preview.text,
        blocks: preview.blocks,
        unfurl_links: false,
      });
      await sendPreviewPicture(ctx.slack, body.user.id, preview);
      await updateNotice(
        ctx,
        notice,
        'The digest preview, with its picture, is in your DM with me. Nothing was posted to the channel.',
      );
    } catch (err) {
      ctx.logger.error({ err, user: body.user.id }, 'digest preview from Home failed');
      await updateNotice(
        ctx,
        notice,
        'I could not build the preview just now; nothing was posted. Please try again in a minute.',
      );
    }
  });

  app.action<BlockAction>(HOME_ACTIONS.export, async ({ ack, body }) => {
    await ack();
    const click = body as unknown as ClickBody;
    const staff = await isStaff(ctx, body.user.id);
    if (!staff) return tellClicker(ctx, click, 'Exports are for the OSPO team.');
    const action = body.actions[0];
    const raw = action && 'value' in action ? action.value : undefined;
    const campaignId = raw && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
    const notice = await openNotice(
      ctx,
      body.trigger_id,
      'Preparing the export… it will arrive in your DM with me.',
    );
    try {
      const outcome = await exportToDm(ctx, {
        userId: body.user.id,
        internal: false,
        isStaff: staff,
        ...(campaignId ? { campaignId } : {}),
      });
      await updateNotice(
        ctx,
        notice,
        `The export (${outcome.answers} answers, CSV and JSON) is in your DM with me. For every name and answer, run \`/ospo-survey export internal\`.`,
      );
    } catch (err) {
      ctx.logger.error({ err, user: body.user.id }, 'export from Home failed');
      await updateNotice(ctx, notice, 'I could not build the export just now. Please try again in a minute.');
    }
  });
}

/**
 * A click's trigger lasts 3 s, less than a preview or an export may take: a small modal opens at once and is
 * updated with the outcome. Never throws: a notice that cannot be shown must not undo the work.
 */
async function openNotice(
  ctx: AppContext,
  triggerId: string | undefined,
  text: string,
): Promise<string | undefined> {
  if (!triggerId) return undefined;
  try {
    const res = await ctx.slack.views.open({ trigger_id: triggerId, view: messageView('OSPO digest', text) });
    return res.view?.id;
  } catch (err) {
    ctx.logger.warn({ err }, 'could not open the notice');
    return undefined;
  }
}

async function updateNotice(ctx: AppContext, viewId: string | undefined, text: string): Promise<void> {
  if (!viewId) return;
  try {
    await ctx.slack.views.update({ view_id: viewId, view: messageView('OSPO digest', text) });
  } catch (err) {
    ctx.logger.warn({ err }, 'could not update the notice');
  }
}
