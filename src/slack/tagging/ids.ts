/** Block Kit ids of the tag review (≤ 255 characters each). */
export const QUEUE_CALLBACK_ID = 'tagging-queue';
export const REVIEW_CALLBACK_ID = 'tagging-review';
/** A "Review" button in the queue: its value is the answer id. */
export const OPEN_REVIEW_ACTION = 'tagging-open-review';
/** Opens the queue in a modal; the App Home can show a button with this action id. */
export const OPEN_QUEUE_ACTION = 'tagging-open-queue';

export const BLOCK = {
  petals: 'petals',
  stage: 'stage',
  motivators: 'motivators',
} as const;
/** Every select in the review uses this action id inside its own block. */
export const PICK = 'pick';
