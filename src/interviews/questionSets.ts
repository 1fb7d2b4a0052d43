import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  DataFileError,
  type DataIssue,
  displayPath,
  duplicateIssues,
  type LoadedYaml,
  loadYaml,
  repoRoot,
} from '../shared/loadYaml.js';
import type { Taxonomy } from '../tagging/taxonomy.js';
import { AUDIENCES, type Audience } from './audience.js';
import {
  QUESTION_LIMITS,
  type QuestionEntry,
  type QuestionSetFile,
  questionSetFileSchema,
} from './questionSetsSchema.js';

/** Default location of the question sets, from the repository root. */
export const PROMPTS_DIR = 'prompts';

/** Inputs per step when a set gives no `step` hints. */
export const DEFAULT_QUESTIONS_PER_STEP = 4;

/** Ids the interview's last step uses for its own inputs; a question may not take them. */
export const RESERVED_QUESTION_IDS = ['petal', 'motivators', 'consent'] as const;

/** Default max_length when a file gives none. */
const DEFAULT_MAX_LENGTH = { long_text: QUESTION_LIMITS.textLength, short_text: 150 } as const;

export type QuestionKind = 'long_text' | 'short_text' | 'single_choice' | 'multi_choice';

export interface ChoiceOption {
  /** ≤ 75 characters. */
  text: string;
  /** ≤ 150 characters, slug-shaped; what is stored. */
  value: string;
}

interface QuestionBase {
  /** Unique within its set; slug-shaped, ≤ 64 characters. */
  id: string;
  /** ≤ 150 characters. */
  label: string;
  /** ≤ 150 characters. */
  hint?: string;
  required: boolean;
  /** 1-based modal step the question is shown on. */
  step: number;
}

export interface TextQuestion extends QuestionBase {
  kind: 'long_text' | 'short_text';
  /** ≤ 3000 (Slack's plain_text_input limit). */
  maxLength: number;
  minLength?: number;
  /** ≤ 150 characters. */
  placeholder?: string;
}

export interface ChoiceQuestion extends QuestionBase {
  kind: 'single_choice' | 'multi_choice';
  /** 2–10 options. */
  options: readonly ChoiceOption[];
}

export type Question = TextQuestion | ChoiceQuestion;

export interface QuestionSet {
  id: string;
  version: string;
  audience: Audience;
  /** ≤ 24 characters: the modal title. */
  title: string;
  /** Who is asking and why, for the invitation DM. */
  intro: string;
  /** Petal id preselected on the last step; exists in the taxonomy. */
  defaultPetal: string;
  /** In the order of the file. */
  questions: readonly Question[];
  /** The questions grouped by modal step (at most 3 steps, none empty). */
  steps: readonly (readonly Question[])[];
  /** Where the set came from, as shown in messages. */
  file: string;
}

export type QuestionSets = Readonly<Record<Audience, QuestionSet>>;

export function isChoiceQuestion(question: Question): question is ChoiceQuestion {
  return question.kind === 'single_choice' || question.kind === 'multi_choice';
}

export function findQuestion(set: QuestionSet, questionId: string): Question | undefined {
  return set.questions.find((q) => q.id === questionId);
}

/**
 * Reads every `*.yml` in `dir` (relative paths are taken from the repository root): one question set per audience,
 * each checked against Slack's limits and the taxonomy. Throws a DataFileError naming the file, place and problem.
 */
export function loadQuestionSets(dir: string = PROMPTS_DIR, taxonomy: Taxonomy): QuestionSets {
  const root = path.resolve(repoRoot, dir);
  const shownDir = displayPath(root);
  let names: string[];
  try {
    names = readdirSync(root)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch {
    throw new DataFileError(shownDir, [{ where: '', message: 'folder of question sets not found' }]);
  }

  const sets = new Map<Audience, QuestionSet>();
  for (const name of names) {
    const loaded = loadYaml(path.join(root, name), questionSetFileSchema);
    const { data } = loaded;
    const issues = checkQuestionSet(data, taxonomy);
    const taken = sets.get(data.audience);
    if (taken) {
      issues.push({
        path: ['audience'],
        message: `"${data.audience}" already has a question set in ${taken.file}; keep one file per audience`,
      });
    }
    throwIfAny(loaded, issues);
    sets.set(data.audience, buildQuestionSet(data, loaded.file));
  }

  const missing = AUDIENCES.filter((a) => !sets.has(a));
  if (missing.length > 0) {
    throw new DataFileError(
      shownDir,
      missing.map((a) => ({
        where: '',
        message: `no question set for the "${a}" audience (add a file such as ${shownDir}/${a}.yml with audience: ${a})`,
      })),
    );
  }
  return Object.fromEntries(sets) as Record<Audience, QuestionSet>;
}

function throwIfAny(file: LoadedYaml<unknown>, issues: DataIssue[]): void {
  if (issues.length > 0) throw file.error(issues);
}

function checkQuestionSet(data: QuestionSetFile, taxonomy: Taxonomy): DataIssue[] {
  const issues = duplicateIssues(
    data.questions,
    (q) => q.id,
    (i) => ['questions', i, 'id'],
  );
  if (!taxonomy.petalById(data.default_petal)) {
    issues.push({
      path: ['default_petal'],
      message: `unknown petal "${data.default_petal}" (petals: ${taxonomy.petals.map((p) => p.id).join(', ')})`,
    });
  }
  data.questions.forEach((q, i) => {
    issues.push(...checkQuestion(q, i));
  });
  issues.push(...checkSteps(data.questions));
  return issues;
}

function checkQuestion(q: QuestionEntry, i: number): DataIssue[] {
  const at = (...rest: string[]) => ['questions', i, ...rest];
  const issues: DataIssue[] = [];
  if ((RESERVED_QUESTION_IDS as readonly string[]).includes(q.id)) {
    issues.push({
      path: at('id'),
      message: `"${q.id}" is used by the interview's last step; pick another id`,
    });
  }
  if (q.kind === 'single_choice' || q.kind === 'multi_choice') {
    if (!q.options)
      issues.push({ path: at('options'), message: `a ${q.kind} question needs options (2 to 10)` });
    for (const field of ['max_length', 'min_length', 'placeholder'] as const) {
      if (q[field] !== undefined)
        issues.push({ path: at(field), message: `only text questions take ${field}` });
    }
    if (q.options) {
      issues.push(
        ...duplicateIssues(
          q.options,
          (o) => o.value,
          (oi) => [...at('options'), oi, 'value'],
          'value',
        ),
      );
      issues.push(
        ...duplicateIssues(
          q.options,
          (o) => o.text,
          (oi) => [...at('options'), oi, 'text'],
          'text',
          (s) => s.toLowerCase(),
        ),
      );
    }
  } else {
    if (q.options) issues.push({ path: at('options'), message: `a ${q.kind} question takes no options` });
    const max = q.max_length ?? DEFAULT_MAX_LENGTH[q.kind];
    if (q.min_length !== undefined && q.min_length > max) {
      issues.push({ path: at('min_length'), message: `is ${q.min_length}, more than max_length ${max}` });
    }
  }
  return issues;
}

/** Steps are all given or all left out, start at 1, never go back, and skip none; none holds too many inputs. */
function checkSteps(questions: readonly QuestionEntry[]): DataIssue[] {
  const withStep = questions.filter((q) => q.step !== undefined).length;
  if (withStep === 0) {
    const fit = QUESTION_LIMITS.steps * DEFAULT_QUESTIONS_PER_STEP;
    if (questions.length <= fit) return [];
    return [
      {
        path: ['questions'],
        message: `${questions.length} questions at ${DEFAULT_QUESTIONS_PER_STEP} per step need more than ${QUESTION_LIMITS.steps} steps; give every question a step (up to ${QUESTION_LIMITS.questionsPerStep} per step)`,
      },
    ];
  }
  const issues: DataIssue[] = [];
  let previous = 0;
  const counts = new Map<number, number>();
  questions.forEach((q, i) => {
    const at = ['questions', i, 'step'];
    if (q.step === undefined) {
      issues.push({ path: at, message: 'required field is missing: give every question a step, or none' });
      return;
    }
    if (q.step < previous) {
      issues.push({
        path: at,
        message: `step ${q.step} comes after step ${previous}; list questions in step order`,
      });
    } else if (q.step > previous + 1) {
      issues.push({ path: at, message: `step ${q.step} follows step ${previous}; steps may not be skipped` });
    }
    previous = Math.max(previous, q.step);
    const count = (counts.get(q.step) ?? 0) + 1;
    counts.set(q.step, count);
    if (count === QUESTION_LIMITS.questionsPerStep + 1) {
      issues.push({
        path: at,
        message: `step ${q.step} has more than ${QUESTION_LIMITS.questionsPerStep} questions; move some to another step`,
      });
    }
  });
  return issues;
}

function buildQuestionSet(data: QuestionSetFile, file: string): QuestionSet {
  const hinted = data.questions.some((q) => q.step !== undefined);
  const questions: Question[] = data.questions.map((q, i) => {
    const step = hinted ? q.step! : Math.floor(i / DEFAULT_QUESTIONS_PER_STEP) + 1;
    const base = {
      id: q.id,
      label: q.label,
      ...(q.hint ? { hint: q.hint } : {}),
      required: q.required,
      step,
    };
    if (q.kind === 'single_choice' || q.kind === 'multi_choice') {
      return { ...base, kind: q.kind, options: q.options!.map((o) => ({ text: o.text, value: o.value })) };
    }
    return {
      ...base,
      kind: q.kind,
      maxLength: q.max_length ?? DEFAULT_MAX_LENGTH[q.kind],
      ...(q.min_length !== undefined ? { minLength: q.min_length } : {}),
      ...(q.placeholder ? { placeholder: q.placeholder } : {}),
    };
  });
  const steps: Question[][] = [];
  for (const q of questions) {
    const step = steps[q.step - 1] ?? [];
    step.push(q);
    steps[q.step - 1] = step;
  }
  return {
    id: data.id,
    version: data.version,
    audience: data.audience,
    title: data.title,
    intro: data.intro,
    defaultPetal: data.default_petal,
    questions,
    steps,
    file,
  };
}
