import path from 'node:path';
import { z } from 'zod';
import { AUDIENCES, type Audience } from '../../interviews/audience.js';
import { isChoiceQuestion, type QuestionSets } from '../../interviews/questionSets.js';
import { type DataIssue, type LoadedYaml, loadYaml, repoRoot } from '../../shared/loadYaml.js';
import type { Taxonomy } from '../../tagging/taxonomy.js';

/** Where the story's answers live, from the repository root. */
export const ANSWERS_FILE = 'data/sandbox/answers.yml';

const CONSENT_VALUES = ['name', 'anonymous', 'none'] as const;
export type SandboxConsent = (typeof CONSENT_VALUES)[number];

const answerValue = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const entrySchema = z
  .object({
    voice: z.string().optional(),
    audience: z.enum(AUDIENCES).optional(),
    petal: z.string().min(1),
    motivators: z.array(z.string().min(1)).default([]),
    consent: z.enum(CONSENT_VALUES),
    answers: z.record(z.string(), answerValue),
  })
  .strict();

const fileSchema = z
  .object({
    version: z.literal(1),
    executives: z.array(entrySchema).min(1),
    managers: z.array(entrySchema).min(1),
    contributors: z.array(entrySchema).min(1),
    legal: z.array(entrySchema.extend({ audience: z.enum(AUDIENCES) })).min(1),
    talk: entrySchema.extend({ audience: z.enum(AUDIENCES) }),
  })
  .strict();

type FileData = z.output<typeof fileSchema>;

/** One person's answers: what they type, and what they pick on the last step. */
export interface AnswerSet {
  audience: Audience;
  voice: string;
  petal: string;
  motivators: readonly string[];
  consent: SandboxConsent;
  /** Question id → text, or option value(s) for choice questions. */
  answers: Readonly<Record<string, string | readonly string[]>>;
}

/** The kinds of people the file has answers for; legal people answer the question set their entry names. */
export type Pool = 'executive' | 'manager' | 'contributor' | 'legal';

export interface SandboxAnswers {
  pools: Readonly<Record<Pool, readonly AnswerSet[]>>;
  /** What the interviewer records after the live talk. */
  talk: AnswerSet;
  file: string;
}

const LIST_AUDIENCE: Record<'executives' | 'managers' | 'contributors', Audience> = {
  executives: 'executive',
  managers: 'manager',
  contributors: 'contributor',
};

/**
 * Reads the story's answers and checks each against the question set it answers and the taxonomy, so a question
 * renamed in prompts/ or a motivator renamed in data/taxonomy shows up here, with its line, rather than as a
 * refused modal halfway through the story.
 */
export function loadSandboxAnswers(
  questionSets: QuestionSets,
  taxonomy: Taxonomy,
  file: string = ANSWERS_FILE,
): SandboxAnswers {
  const loaded: LoadedYaml<FileData> = loadYaml(path.resolve(repoRoot, file), fileSchema);
  const { data } = loaded;
  const issues: DataIssue[] = [];

  const toSet = (entry: z.output<typeof entrySchema>, audience: Audience, at: PropertyKey[]): AnswerSet => {
    if (entry.audience && entry.audience !== audience) {
      issues.push({
        path: [...at, 'audience'],
        message: `is ${entry.audience}, but this list is for ${audience}`,
      });
    }
    issues.push(...checkEntry(entry, audience, questionSets, taxonomy, at));
    return {
      audience,
      voice: entry.voice ?? '',
      petal: entry.petal,
      motivators: entry.motivators,
      consent: entry.consent,
      answers: entry.answers,
    };
  };

  const pools = {
    executive: data.executives.map((e, i) => toSet(e, LIST_AUDIENCE.executives, ['executives', i])),
    manager: data.managers.map((e, i) => toSet(e, LIST_AUDIENCE.managers, ['managers', i])),
    contributor: data.contributors.map((e, i) => toSet(e, LIST_AUDIENCE.contributors, ['contributors', i])),
    legal: data.legal.map((e, i) => toSet(e, e.audience, ['legal', i])),
  };
  const talk = toSet(data.talk, data.talk.audience, ['talk']);
  if (issues.length > 0) throw loaded.error(issues);
  return { pools, talk, file: loaded.file };
}

function checkEntry(
  entry: z.output<typeof entrySchema>,
  audience: Audience,
  questionSets: QuestionSets,
  taxonomy: Taxonomy,
  at: PropertyKey[],
): DataIssue[] {
  const issues: DataIssue[] = [];
  const set = questionSets[audience];
  if (!taxonomy.petalById(entry.petal)) {
    issues.push({
      path: [...at, 'petal'],
      message: `"${entry.petal}" is not a petal in data/taxonomy/petals.yml`,
    });
  }
  entry.motivators.forEach((m, i) => {
    if (!taxonomy.motivatorById(m)) {
      issues.push({ path: [...at, 'motivators', i], message: `"${m}" is not a motivator in data/taxonomy` });
    }
  });
  for (const q of set.questions) {
    if (q.required && entry.answers[q.id] === undefined) {
      issues.push({
        path: [...at, 'answers'],
        message: `answers nothing to the required question "${q.id}"`,
      });
    }
  }
  for (const [id, value] of Object.entries(entry.answers)) {
    const q = set.questions.find((x) => x.id === id);
    const where = [...at, 'answers', id];
    if (!q) {
      issues.push({ path: where, message: `${set.file} has no question "${id}"` });
      continue;
    }
    if (isChoiceQuestion(q)) {
      const offered = new Set(q.options.map((o) => o.value));
      const picked = Array.isArray(value) ? value : [value];
      if (q.kind === 'single_choice' && Array.isArray(value)) {
        issues.push({ path: where, message: 'takes one option value, not a list' });
      }
      for (const v of picked) {
        if (!offered.has(v)) {
          issues.push({
            path: where,
            message: `"${v}" is not offered; pick from ${[...offered].join(', ')}`,
          });
        }
      }
    } else if (typeof value !== 'string') {
      issues.push({ path: where, message: 'is a text question: give text, not a list' });
    } else if (value.length > q.maxLength) {
      issues.push({
        path: where,
        message: `is ${value.length} characters; the question allows ${q.maxLength}`,
      });
    }
  }
  return issues;
}
