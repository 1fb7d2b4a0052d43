import { z } from 'zod';
import { slugId, text } from '../shared/loadYaml.js';
import { versionSchema } from '../tagging/taxonomySchema.js';
import { AUDIENCES } from './audience.js';

/**
 * The shape of a question set file in `prompts/`, as written (snake_case keys). Rules that tie fields together
 * (options only for choices, steps in order, ids unique) are checked in questionSets.ts so each gets its own message.
 */

/** Slack's limits for what a question becomes in a modal, and our own where Slack's would be unreadable. */
export const QUESTION_LIMITS = {
  /** Modal title (Slack: 24). */
  title: 24,
  /** Shown in the invitation DM's section text; one or two sentences. */
  intro: 500,
  /** Question ids become block and action ids (Slack: 255) with a prefix; short keeps them readable in exports. */
  id: 64,
  /** Input label (Slack allows 2000; longer than this does not read well on a phone). */
  label: 150,
  /** Input hint (Slack allows 2000). */
  hint: 150,
  /** Input placeholder (Slack: 150). */
  placeholder: 150,
  /** plain_text_input max_length and min_length (Slack: 3000). */
  textLength: 3000,
  /** Option text (Slack: 75) and value (Slack: 150). */
  optionText: 75,
  optionValue: 150,
  /** Radio buttons and checkboxes (Slack: 10). */
  options: 10,
  /** A set spans at most this many modal steps (Slack's modal stack holds 3 views). */
  steps: 3,
  /** Inputs on one step: a few, so a step fits a phone screen. */
  questionsPerStep: 8,
} as const;

export const QUESTION_KINDS = ['long_text', 'short_text', 'single_choice', 'multi_choice'] as const;

export const optionSchema = z.strictObject({
  text: text(QUESTION_LIMITS.optionText),
  value: slugId(QUESTION_LIMITS.optionValue),
});

export const questionSchema = z.strictObject({
  id: slugId(QUESTION_LIMITS.id),
  label: text(QUESTION_LIMITS.label),
  hint: text(QUESTION_LIMITS.hint).optional(),
  kind: z.enum(QUESTION_KINDS),
  required: z.boolean().default(false),
  /** Text kinds only. */
  max_length: z.number().int().min(1).max(QUESTION_LIMITS.textLength).optional(),
  min_length: z.number().int().min(1).max(QUESTION_LIMITS.textLength).optional(),
  placeholder: text(QUESTION_LIMITS.placeholder).optional(),
  /** Choice kinds only. */
  options: z.array(optionSchema).min(2).max(QUESTION_LIMITS.options).optional(),
  /** Which modal step the question appears on (1-based). Give it on every question or on none. */
  step: z.number().int().min(1).max(QUESTION_LIMITS.steps).optional(),
});

export const questionSetFileSchema = z.strictObject({
  version: versionSchema,
  id: slugId(QUESTION_LIMITS.id),
  audience: z.enum(AUDIENCES),
  title: text(QUESTION_LIMITS.title),
  intro: text(QUESTION_LIMITS.intro),
  /** The petal preselected on the last step; an id from data/taxonomy/petals.yml. */
  default_petal: slugId(150),
  questions: z
    .array(questionSchema)
    .min(1)
    .max(QUESTION_LIMITS.steps * QUESTION_LIMITS.questionsPerStep),
});

export type QuestionSetFile = z.output<typeof questionSetFileSchema>;
export type QuestionEntry = z.output<typeof questionSchema>;
