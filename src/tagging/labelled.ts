import path from 'node:path';
import { z } from 'zod';
import { AUDIENCES } from '../interviews/audience.js';
import { loadYaml, repoRoot } from '../shared/loadYaml.js';
import type { Taxonomy } from './taxonomy.js';

/** The labelled answers the tagger is measured on (see the file's header for how they were labelled and split). */
export const LABELLED_FILE = 'test/fixtures/labelled-answers.yml';

const answerSchema = z.strictObject({
  id: z.number().int().positive(),
  audience: z.enum(AUDIENCES),
  question: z.string().min(1),
  text: z.string().min(1),
  petals: z.array(z.string()).min(1),
  stage: z.string(),
  motivators: z.array(z.string()),
});

const fileSchema = z.strictObject({ answers: z.array(answerSchema).min(1) });

export type LabelledAnswer = z.output<typeof answerSchema>;
export type Split = 'dev' | 'test';

/** Fixed before any tuning: ids divisible by 3 are held out. */
export function splitOf(answer: { id: number }): Split {
  return answer.id % 3 === 0 ? 'test' : 'dev';
}

/** Loads the labelled answers and checks every label exists in the taxonomy, so a renamed id fails loudly. */
export function loadLabelledAnswers(taxonomy: Taxonomy, file: string = LABELLED_FILE): LabelledAnswer[] {
  const loaded = loadYaml(path.resolve(repoRoot, file), fileSchema);
  const issues: { path: (string | number)[]; message: string }[] = [];
  const ids = new Set<number>();
  loaded.data.answers.forEach((a, i) => {
    if (ids.has(a.id)) issues.push({ path: ['answers', i, 'id'], message: `duplicate id ${a.id}` });
    ids.add(a.id);
    a.petals.forEach((p, j) => {
      if (!taxonomy.petalById(p))
        issues.push({ path: ['answers', i, 'petals', j], message: `unknown petal "${p}"` });
    });
    if (taxonomy.stageById(a.stage)?.modelId !== taxonomy.referenceModel.id) {
      issues.push({
        path: ['answers', i, 'stage'],
        message: `"${a.stage}" is not a stage of the reference model`,
      });
    }
    a.motivators.forEach((m, j) => {
      if (!taxonomy.motivatorById(m)) {
        issues.push({ path: ['answers', i, 'motivators', j], message: `unknown motivator "${m}"` });
      }
    });
  });
  if (issues.length > 0) throw loaded.error(issues);
  return loaded.data.answers;
}
