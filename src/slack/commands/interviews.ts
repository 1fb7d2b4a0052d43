import { listAnswers } from '../../store/answers.js';
import { listInterviewsOfUser } from '../../store/interviewResponses.js';
import { mineBlocks } from '../interviews/mineView.js';
import type { Subcommand, SubcommandCall } from './types.js';

async function showMine({ ctx, userId, respond }: SubcommandCall): Promise<void> {
  const interviews = listInterviewsOfUser(ctx.db, userId);
  const answers = new Map(
    interviews.filter((i) => i.status === 'answered').map((i) => [i.id, listAnswers(ctx.db, i.id)] as const),
  );
  await respond({
    response_type: 'ephemeral',
    text:
      interviews.length === 0
        ? 'You have no OSPO interviews yet.'
        : `Your OSPO interviews (${interviews.length})`,
    blocks: mineBlocks(interviews, answers, ctx.questionSets),
  });
}

export const subcommands: Subcommand[] = [
  {
    name: 'mine',
    usage: 'mine',
    summary: 'shows your own interviews and your answers, with a button to answer or change them.',
    staffOnly: false,
    run: showMine,
  },
  {
    name: 'interview',
    usage: 'interview',
    summary: 'same as mine.',
    staffOnly: false,
    hidden: true,
    run: showMine,
  },
];
