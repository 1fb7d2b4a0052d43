import { type AnswerRecord, replaceAnswers } from '../store/answers.js';
import type { Db } from '../store/db.js';
import { type Draft, type DraftValue, getDraft, putDraft } from '../store/drafts.js';
import { findInterview, type InterviewRecord, markAnswered } from '../store/interviewResponses.js';
import type { Taxonomy } from '../tagging/taxonomy.js';
import { checkAccess } from './access.js';
import { isChoiceQuestion, type QuestionSet } from './questionSets.js';
import { BLOCK, type ModalStep, motivatorGroups, motivatorsBlockId, questionBlockId } from './steps.js';
import { collectSubmission, validateStep } from './validateAnswers.js';

/**
 * Begins (or resumes) a modal session for `filledBy`. An unfinished draft of the same person on the same version
 * keeps its values, so closing the modal by mistake loses nothing; anything else starts clean from the stored
 * answers. The view id is learnt from the first submission.
 */
export function startSession(db: Db, interview: InterviewRecord, filledBy: string, now: Date): Draft {
  const existing = getDraft(db, interview.id);
  const resumable =
    existing &&
    existing.submittedVersion === undefined &&
    existing.filledBy === filledBy &&
    existing.baseVersion === interview.version;
  const draft: Draft = {
    viewId: null,
    baseVersion: interview.version,
    filledBy,
    values: resumable ? existing.values : {},
  };
  putDraft(db, interview.id, draft, now);
  return draft;
}

/** What the modal shows when it opens: stored answers and choices, overlaid by what the draft already holds. */
export function initialValues(
  set: QuestionSet,
  interview: InterviewRecord,
  answers: readonly AnswerRecord[],
  taxonomy: Taxonomy,
  draft?: Draft,
): Record<string, DraftValue> {
  const values: Record<string, DraftValue> = {};
  const byQuestion = new Map(answers.map((a) => [a.questionId, a.text]));
  for (const q of set.questions) {
    const text = byQuestion.get(q.id);
    if (text === undefined || text === null) continue;
    values[questionBlockId(q.id)] = q.kind === 'multi_choice' ? text.split(', ') : text;
  }
  const petal = interview.petalId ?? set.defaultPetal;
  if (taxonomy.petalById(petal)) values[BLOCK.petal] = petal;
  const chosen = new Set(interview.motivatorIds);
  motivatorGroups(taxonomy.motivators).forEach((group, g) => {
    const picked = group.filter((m) => chosen.has(m.id)).map((m) => m.id);
    if (picked.length > 0) values[motivatorsBlockId(g)] = picked;
  });
  if (interview.consent) values[BLOCK.consent] = interview.consent;
  // Choice answers whose option is gone from the set would make Slack refuse the view: drop them.
  for (const q of set.questions) {
    if (!isChoiceQuestion(q)) continue;
    const id = questionBlockId(q.id);
    const allowed = new Set(q.options.map((o) => o.value));
    const v = values[id];
    if (typeof v === 'string' && !allowed.has(v)) delete values[id];
    if (Array.isArray(v)) values[id] = v.filter((x) => allowed.has(x));
  }
  return { ...values, ...(draft?.values ?? {}) };
}

export interface StepInput {
  interviewId: number;
  /** The step number the view claims to be (from private_metadata). */
  stepNumber: number;
  /** Slack's id of the submitted view: a session is bound to the view that first submits to it. */
  viewId: string;
  /** Who pressed submit. */
  userId: string;
  isStaff: boolean;
  /** The step's values as read from the submission. */
  values: Record<string, DraftValue>;
  set: QuestionSet;
  plan: readonly ModalStep[];
  taxonomy: Taxonomy;
  now: Date;
}

export type StepOutcome =
  /** Problems to show on the step's blocks; nothing stored. */
  | { kind: 'errors'; errors: Record<string, string> }
  /** This step's values are in the draft: show `next`. */
  | { kind: 'next'; next: ModalStep; values: Record<string, DraftValue>; mode: 'self' | 'record' }
  /** The interview is stored as `version` now. */
  | { kind: 'saved'; interview: InterviewRecord; mode: 'self' | 'record' }
  /** The same view was submitted before (a retry, a double press): nothing stored again. */
  | { kind: 'duplicate'; interview: InterviewRecord; mode: 'self' | 'record' }
  /** Refused: unknown, someone else's, closed, stale or tampered. Nothing stored. */
  | { kind: 'refused'; message: string };

const STALE =
  'These answers were already saved from another window, or this form is out of date. Nothing was changed: open the interview again from the Home tab to see or edit what is saved.';

/**
 * Handles one submitted step of the interview modal. Every check and write happens in one IMMEDIATE transaction:
 * two submissions of the same interview, in this process or another, are applied one after the other, and the
 * version guard in markAnswered lets only the first of them store anything.
 */
export function submitStep(db: Db, input: StepInput): StepOutcome {
  const step = input.plan.find((s) => s.number === input.stepNumber);
  if (!step)
    return {
      kind: 'refused',
      message: 'This form is out of date. Nothing was changed: please open it again.',
    };
  const stepErrors = validateStep(step, input.values, input.taxonomy);
  if (Object.keys(stepErrors).length > 0) return { kind: 'errors', errors: stepErrors };

  return db
    .transaction((): StepOutcome => {
      const interview = findInterview(db, input.interviewId);
      const action = interview && interview.userId !== input.userId ? 'record' : 'answer';
      const access = checkAccess(interview, input.userId, action, { isStaff: input.isStaff });
      const draft = getDraft(db, input.interviewId);
      if (!access.ok) {
        // A retry of the submission that answered (or the last one before the campaign closed) still gets its thanks.
        if (
          interview &&
          draft?.viewId === input.viewId &&
          draft.submittedVersion === interview.version &&
          draft.filledBy === input.userId
        ) {
          return { kind: 'duplicate', interview, mode: action === 'record' ? 'record' : 'self' };
        }
        return { kind: 'refused', message: access.message };
      }
      const target = interview!;
      if (!draft || draft.filledBy !== input.userId) return { kind: 'refused', message: STALE };
      if (draft.submittedVersion !== undefined) {
        if (draft.viewId === input.viewId && step.closing)
          return { kind: 'duplicate', interview: target, mode: access.mode };
        return { kind: 'refused', message: STALE };
      }
      if (draft.viewId !== null && draft.viewId !== input.viewId && step.number !== 1) {
        return { kind: 'refused', message: STALE };
      }
      // The first step binds the session to its view; a first step from a newer window takes the session over.
      const values = { ...draft.values, ...input.values };
      const session: Draft = { ...draft, viewId: input.viewId, values };

      if (!step.closing) {
        putDraft(db, target.id, session, input.now);
        const next = input.plan.find((s) => s.number === step.number + 1)!;
        return { kind: 'next', next, values, mode: access.mode };
      }

      const collected = collectSubmission(input.set, values, input.taxonomy);
      if (!collected.ok) {
        // Only reachable when earlier steps were skipped or came from an older form: say so on this step.
        const onThisStep = Object.fromEntries(
          Object.entries(collected.errors).filter(
            ([blockId]) => blockId in input.values || isClosingBlock(blockId),
          ),
        );
        if (Object.keys(onThisStep).length > 0) return { kind: 'errors', errors: onThisStep };
        return {
          kind: 'refused',
          message:
            'Some answers from earlier steps are missing, so nothing was saved. Please open the interview again.',
        };
      }
      const { submission } = collected;
      const version = markAnswered(db, target.id, draft.baseVersion, {
        petalId: submission.petalId,
        motivatorIds: submission.motivatorIds,
        consent: submission.consent,
        recordedBy: access.mode === 'record' ? input.userId : null,
        at: input.now,
      });
      if (version === undefined) return { kind: 'refused', message: STALE };
      replaceAnswers(db, target.id, version, submission.answers, input.now);
      // The answers now live in `answers`; the draft keeps only what recognises a retry of this submission.
      putDraft(db, target.id, { ...session, values: {}, submittedVersion: version }, input.now);
      return { kind: 'saved', interview: findInterview(db, target.id)!, mode: access.mode };
    })
    .immediate();
}

function isClosingBlock(blockId: string): boolean {
  return blockId === BLOCK.petal || blockId === BLOCK.consent || blockId.startsWith(BLOCK.motivatorsPrefix);
}
