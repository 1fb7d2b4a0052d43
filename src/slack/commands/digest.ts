import { ErrorCode } from '@slack/web-api';
import { listTicked } from '../../store/checklist.js';
import { escapeMrkdwn, truncate } from '../blocks/text.js';
import { checklistModel, checklistView } from '../digest/checklistModal.js';
import { buildPreview, exportToDm, postDigestNow, sendPreviewPicture } from '../digest/staffTools.js';
import type { Subcommand, SubcommandCall } from './types.js';

async function say(call: SubcommandCall, text: string): Promise<void> {
  await call.respond({ response_type: 'ephemeral', text });
}

function slackBusy(err: unknown): number | undefined {
  const e = err as { code?: string; retryAfter?: number };
  return e.code === ErrorCode.RateLimitedError ? Number(e.retryAfter ?? 30) : undefined;
}

async function preview(call: SubcommandCall): Promise<void> {
  const built = await buildPreview(call.ctx);
  await call.respond({ response_type: 'ephemeral', text: built.text, blocks: built.blocks });
  try {
    await sendPreviewPicture(call.ctx.slack, call.userId, built);
  } catch (err) {
    call.ctx.logger.warn({ err, user: call.userId }, 'could not send the preview picture');
    await say(
      call,
      'The flower picture could not be sent to your DM just now; the preview above is complete otherwise.',
    );
  }
}

/**
 * Posting by hand follows the same once-a-week rule as the schedule: the channel gets one digest per ISO week,
 * whoever triggers it. Posted early by staff, the scheduled run that week posts nothing; a correction waits for the
 * next week. (A second digest in a week would make "since last week" compare with itself.)
 */
async function post(call: SubcommandCall): Promise<void> {
  try {
    const result = await postDigestNow(call.ctx, call.userId);
    const channel = `<#${call.ctx.config.ospo.channelId}>`;
    if (result.status === 'posted') {
      await say(
        call,
        `Posted this week's digest (${result.week}) to ${channel}, with the flower picture. The scheduled run this week will post nothing more.`,
      );
    } else if (result.status === 'already-posted') {
      await say(
        call,
        `This week's digest (${result.week}) is already in ${channel}: one a week, so nothing more was posted. \`/ospo-survey digest preview\` shows what the next one would say.`,
      );
    } else {
      await say(
        call,
        'There is nothing to post yet: no campaign has been run. Start one with `/ospo-survey new`.',
      );
    }
  } catch (err) {
    const wait = slackBusy(err);
    if (wait === undefined) throw err;
    await say(
      call,
      `Slack asked me to slow down. Nothing is lost: run \`/ospo-survey digest post\` again in ${wait} seconds and it picks up where it stopped.`,
    );
  }
}

const digest: Subcommand = {
  name: 'digest',
  usage: 'digest preview|post',
  summary: 'shows you this week’s digest (preview), or posts it to the OSPO channel now (post, once a week).',
  staffOnly: true,
  run: async (call) => {
    const action = (call.args[0] ?? '').toLowerCase();
    if (action === 'preview') return preview(call);
    if (action === 'post') return post(call);
    const typed = action ? ` (not \`${escapeMrkdwn(truncate(action, 30))}\`)` : '';
    await say(
      call,
      `Use \`/ospo-survey digest preview\` to see this week's digest (only you see it, the picture goes to your DM) or \`/ospo-survey digest post\` to post it to <#${call.ctx.config.ospo.channelId}> now${typed}.`,
    );
  },
};

const checklist: Subcommand = {
  name: 'checklist',
  usage: 'checklist',
  summary: 'opens the maturity checklist to tick what the OSPO has in place; the digest shows it.',
  staffOnly: true,
  run: async (call) => {
    const model = checklistModel(call.ctx.taxonomy);
    const ticked = new Set(listTicked(call.ctx.db, model.id).map((t) => t.itemId));
    // The trigger expires 3 s after the command: open the modal before anything else that could be slow.
    await call.client.views.open({
      trigger_id: call.triggerId,
      view: checklistView(call.ctx.taxonomy, ticked),
    });
  },
};

const exportCommand: Subcommand = {
  name: 'export',
  usage: 'export [internal]',
  summary:
    'sends you the answers and tags as CSV and JSON, honouring consent; `internal` includes every name and answer.',
  staffOnly: true,
  run: async (call) => {
    const word = (call.args[0] ?? '').toLowerCase();
    if (word && word !== 'internal') {
      await say(
        call,
        `\`/ospo-survey export\` takes nothing or \`internal\`, not \`${escapeMrkdwn(truncate(word, 30))}\`.`,
      );
      return;
    }
    await say(call, 'Preparing the export… it will arrive in your DM with me.');
    const outcome = await exportToDm(call.ctx, {
      userId: call.userId,
      internal: word === 'internal',
      isStaff: call.isStaff,
    });
    await say(
      call,
      outcome.internal
        ? `Sent the internal export (${outcome.answers} answers, every name and answer) to your DM. Please keep it within the OSPO team.`
        : `Sent the export (${outcome.answers} answers) to your DM. Names only for people quoted by name; ${outcome.withheldTexts} answers of people who chose not to be quoted are left out.`,
    );
  },
};

export const subcommands: Subcommand[] = [digest, checklist, exportCommand];
