import { auditBlocks, forgetConfirmBlocks, nothingToEraseText } from '../../privacy/blocks.js';
import { parseUserMention } from '../../privacy/mention.js';
import { listAudit } from '../../store/audit.js';
import { countPersonalData, isErased } from '../../store/erasure.js';
import type { Subcommand } from './types.js';

/** The most audit entries one reply shows: 1 + 100 / 10 section blocks, well inside a message's 50. */
export const AUDIT_MAX = 100;
const AUDIT_DEFAULT = 20;

const forget: Subcommand = {
  name: 'forget',
  usage: 'forget',
  summary:
    'erases your answers and everything this app knows about you (staff: `forget @person` on their request).',
  staffOnly: false,
  run: async ({ ctx, userId, rest, isStaff, respond }) => {
    let subject = userId;
    if (rest.trim() !== '') {
      const named = parseUserMention(rest);
      if (!named) {
        await respond({
          response_type: 'ephemeral',
          text: 'Name one person, as `/ospo-survey forget @name`, or run `/ospo-survey forget` alone for your own data.',
        });
        return;
      }
      if (named !== userId && !isStaff) {
        await respond({
          response_type: 'ephemeral',
          text:
            'You can erase your own data with `/ospo-survey forget`. Only the OSPO team can erase someone ' +
            'else’s, when that person asks them.',
        });
        return;
      }
      subject = named;
    }
    const self = subject === userId;
    const held = countPersonalData(ctx.db, subject);
    if (isErased(held)) {
      await respond({ response_type: 'ephemeral', text: nothingToEraseText(subject, self) });
      return;
    }
    await respond({
      response_type: 'ephemeral',
      text: self ? 'Erase your data for good?' : 'Erase their data for good?',
      blocks: forgetConfirmBlocks(subject, self, held),
    });
  },
};

const audit: Subcommand = {
  name: 'audit',
  usage: 'audit [count]',
  summary: `shows the latest staff actions (default ${AUDIT_DEFAULT}, at most ${AUDIT_MAX}): who did what, and when.`,
  staffOnly: true,
  run: async ({ ctx, args, respond }) => {
    const raw = args[0];
    const n = raw === undefined ? AUDIT_DEFAULT : Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      await respond({
        response_type: 'ephemeral',
        text: `Give a number of entries, e.g. \`/ospo-survey audit 50\` (at most ${AUDIT_MAX}).`,
      });
      return;
    }
    const entries = listAudit(ctx.db, {}, Math.min(n, AUDIT_MAX));
    await respond({ response_type: 'ephemeral', text: 'Audit log', blocks: auditBlocks(entries) });
  },
};

export const subcommands: Subcommand[] = [forget, audit];
