import { recordAudit } from '../../store/audit.js';
import { currentTagger } from '../../tagging/service.js';
import { enqueueRetag } from '../../tagging/worker.js';
import { currentQueueView } from '../tagging/register.js';
import type { Subcommand } from './types.js';

export const subcommands: Subcommand[] = [
  {
    name: 'tags',
    usage: 'tags',
    summary:
      'reviews the answers the tagger was least sure about: confirm or correct their petals, stage and motivators.',
    staffOnly: true,
    // The trigger id lasts 3 seconds: the queue is read from SQLite (fast) and the modal opened first thing.
    run: async ({ ctx, client, triggerId }) => {
      await client.views.open({ trigger_id: triggerId, view: currentQueueView(ctx) });
    },
  },
  {
    name: 'retag',
    usage: 'retag [all]',
    summary:
      'tags again every answer tagged before the last taxonomy change (with "all": every answer, to apply what reviews taught).',
    staffOnly: true,
    run: async ({ ctx, respond, args, userId }) => {
      const all = args[0]?.toLowerCase() === 'all';
      if (args.length > 0 && !all) {
        await respond({
          response_type: 'ephemeral',
          text: 'Usage: `/ospo-survey retag` or `/ospo-survey retag all`.',
        });
        return;
      }
      const { stale } = await enqueueRetag(ctx, { all, requestedBy: userId });
      recordAudit(ctx.db, {
        actor: userId,
        action: 'tags.retag',
        target: null,
        detail: { all, stale },
        at: ctx.clock.now(),
      });
      const { examples } = currentTagger(ctx.db, ctx.taxonomy);
      const what = all
        ? 'Re-tagging every answer'
        : stale === 0
          ? 'Every answer is already tagged with the current taxonomy; nothing to do'
          : `Re-tagging ${stale} answer${stale === 1 ? '' : 's'} tagged before the current taxonomy`;
      await respond({
        response_type: 'ephemeral',
        text: `${what}${stale > 0 || all ? ` in the background, using ${examples} staff review${examples === 1 ? '' : 's'} as examples` : ''}.`,
      });
    },
  },
];
