import type { Db } from '../../store/db.js';
import { type AnswerToTag, getAnswerToTag, getReview, listTags, type StoredTag } from '../../store/tags.js';

/** Everything the review modal shows about one answer, read from the store. */
export interface ReviewData {
  answer: AnswerToTag;
  tags: StoredTag[];
  reviewed: boolean;
}

export function loadReviewData(db: Db, answerId: number): ReviewData | undefined {
  const answer = getAnswerToTag(db, answerId);
  if (!answer) return undefined;
  const review = getReview(db, answerId);
  return {
    answer,
    tags: listTags(db, answerId),
    reviewed: review !== undefined && review.answerVersion === answer.answerVersion,
  };
}

/**
 * The answer's tags as they stand: staff's when reviewed, otherwise the interviewee's own and the tagger's (the
 * strongest stage). These preselect the modal's inputs and are what "confirm" saves.
 */
export function currentLabels(tags: readonly StoredTag[]): {
  petals: string[];
  stage: string | null;
  motivators: string[];
} {
  const staff = tags.filter((t) => t.source === 'staff');
  const pool = staff.length > 0 ? staff : tags.filter((t) => t.source !== 'staff');
  const ordered = [...pool].sort((a, b) => rank(b) - rank(a) || b.confidence - a.confidence);
  const labels = (kind: StoredTag['kind']) => [
    ...new Set(ordered.filter((t) => t.kind === kind).map((t) => t.label)),
  ];
  return { petals: labels('petal'), stage: labels('stage')[0] ?? null, motivators: labels('motivator') };
}

function rank(t: StoredTag): number {
  return t.source === 'staff' ? 2 : t.source === 'self' ? 1 : 0;
}

/** What the tagger (and the interviewee) suggested: kept with a review so the learner sees what staff removed. */
export function suggestedLabels(tags: readonly StoredTag[]) {
  return currentLabels(tags.filter((t) => t.source !== 'staff'));
}
