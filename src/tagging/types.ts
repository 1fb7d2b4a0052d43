/** What the tagger reads about one answer. */
export interface TagInput {
  text: string;
  /** The question it answers: weak context for petals only (every answer to "why do you contribute?" says it). */
  question?: string;
  /** manager | executive | contributor; anything else is ignored. */
  audience?: string;
  /** The petal the interviewee chose for themselves. It outranks what the text suggests. */
  selfPetal?: string | null;
  /** The motivators the interviewee chose for themselves. */
  selfMotivators?: readonly string[];
  /** The stored answer being tagged, so that its own staff correction is not used as evidence about itself. */
  answerId?: number;
}

/** Why a tag was given: words in the answer, the interviewee's own choice, or a similar answer staff corrected. */
export type Evidence =
  | {
      type: 'words';
      /** The words as they appear in the answer (or the question, when `in` says so). */
      text: string;
      /** The taxonomy signal they matched. */
      signal: string;
      /** Through a checklist item or another maturity model's stage, for stages. */
      via?: string;
      in?: 'question';
      /** The words were negated or only wished for; they counted for less. */
      weakened?: 'negated' | 'not-yet';
    }
  | { type: 'self' }
  | { type: 'audience'; audience: string }
  | {
      type: 'learned';
      /** The staff-reviewed answer this one resembles. */
      answerId: number;
      similarity: number;
      /** Words the two share, as they appear in this answer (a quote: retention strips it with the text). */
      text: string;
      /** Staff removed this label from the similar answer. */
      rejected?: boolean;
    }
  | {
      type: 'model';
      /** Words of this answer the trained model weighs most for the label, as they appear (a quote). */
      text: string;
      /** The words were negated or only wished for (the model weighs them as such). */
      weakened?: 'negated' | 'not-yet';
    }
  /** Nothing in the answer supports the label: the model's guess from who answered and what is usual. */
  | { type: 'guess' }
  | { type: 'default' };

export interface LabelTag {
  id: string;
  /** 0..1 */
  confidence: number;
  source: 'auto' | 'self';
  evidence: Evidence[];
}

export interface StageTag extends LabelTag {
  /** The same stage in every maturity model, by model id (the reference model maps to itself). */
  equivalents: Record<string, string>;
}

export interface TagResult {
  /** Most confident first; a self-chosen petal comes first whatever the text says. */
  petals: LabelTag[];
  stage: StageTag;
  motivators: LabelTag[];
  /** The weakest of the main petal's and the stage's confidence: what the review queue sorts by. */
  confidence: number;
  taxonomyVersion: string;
}
