import type { KnownBlock, ModalView } from '@slack/types';
import type { QueuedAnswer } from '../../store/tags.js';
import { escapeMrkdwn, truncate } from '../blocks/text.js';
import { OPEN_REVIEW_ACTION, QUEUE_CALLBACK_ID } from './ids.js';

/** Answers listed at once: two blocks each, well inside a modal's 100. */
export const QUEUE_SHOWN = 20;

/** The review queue: the least confident answers first, each with a Review button. */
export function queueView(queued: readonly QueuedAnswer[], total: number): ModalView {
  const blocks: KnownBlock[] = [];
  if (queued.length === 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Nothing to review: every tagged answer is confident enough or already reviewed.',
      },
    });
  } else {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${total} answer${total === 1 ? '' : 's'} tagged with low confidence${total > queued.length ? `; the ${queued.length} least confident are shown` : ''}. Confirming or correcting one also teaches the tagger.`,
        },
      ],
    });
  }
  for (const q of queued) {
    blocks.push({
      type: 'section',
      block_id: `queued-${q.answerId}`,
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*${escapeMrkdwn(truncate(q.question, 150))}*\n${escapeMrkdwn(truncate(q.text.replace(/\s+/g, ' '), 280))}`,
          3000,
        ),
      },
      accessory: {
        type: 'button',
        action_id: OPEN_REVIEW_ACTION,
        text: { type: 'plain_text', text: 'Review' },
        value: String(q.answerId),
      },
    });
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${escapeMrkdwn(q.audience)} · ${escapeMrkdwn(truncate(q.campaignName, 80))} · confidence ${Math.round(q.confidence * 100)}%`,
        },
      ],
    });
  }
  return {
    type: 'modal',
    callback_id: QUEUE_CALLBACK_ID,
    title: { type: 'plain_text', text: 'Tags to review' },
    close: { type: 'plain_text', text: 'Close' },
    blocks,
  };
}
