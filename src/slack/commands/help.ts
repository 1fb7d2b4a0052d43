import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn } from '../blocks/text.js';
import type { Subcommand } from './types.js';

/** The help text is built from the registry, so a new subcommand documents itself. */
export function helpBlocks(all: Subcommand[], isStaff: boolean): KnownBlock[] {
  const visible = all.filter((s) => !s.hidden && (isStaff || !s.staffOnly));
  const lines = visible.map((s) => `• \`/ospo-survey ${s.usage}\` ${escapeMrkdwn(s.summary)}`);
  const intro = isStaff
    ? 'Run interview campaigns with the people who use open source here, and see what motivates each part of the organisation.'
    : 'The OSPO asks people across the organisation what open source means for their work. Here is what you can do:';
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `*OSPO Survey*\n${intro}` } },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
  ];
}

export function helpSubcommand(all: () => Subcommand[]): Subcommand {
  return {
    name: 'help',
    usage: 'help',
    summary: 'shows this list.',
    staffOnly: false,
    run: async ({ respond, isStaff }) => {
      await respond({
        response_type: 'ephemeral',
        text: 'OSPO Survey commands',
        blocks: helpBlocks(all(), isStaff),
      });
    },
  };
}
