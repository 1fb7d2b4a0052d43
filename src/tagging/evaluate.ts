import { type LabelledAnswer, type Split, splitOf } from './labelled.js';
import { type KindScore, scoreSets } from './metrics.js';
import type { Tagger } from './tagger.js';

export interface Evaluation {
  count: number;
  petals: KindScore;
  stage: KindScore;
  motivators: KindScore;
}

/** Tags each labelled answer from its text, question and audience alone (no self-choice) and scores the result. */
export function evaluate(tagger: Tagger, answers: readonly LabelledAnswer[]): Evaluation {
  const petals: { gold: string[]; predicted: string[] }[] = [];
  const stage: { gold: string[]; predicted: string[] }[] = [];
  const motivators: { gold: string[]; predicted: string[] }[] = [];
  for (const a of answers) {
    const r = tagger.tag({ text: a.text, question: a.question, audience: a.audience });
    petals.push({ gold: a.petals, predicted: r.petals.map((t) => t.id) });
    stage.push({ gold: [a.stage], predicted: [r.stage.id] });
    motivators.push({ gold: a.motivators, predicted: r.motivators.map((t) => t.id) });
  }
  return {
    count: answers.length,
    petals: scoreSets(petals),
    stage: scoreSets(stage),
    motivators: scoreSets(motivators),
  };
}

export function evaluateSplits(
  tagger: Tagger,
  answers: readonly LabelledAnswer[],
): Record<Split | 'all', Evaluation> {
  return {
    dev: evaluate(
      tagger,
      answers.filter((a) => splitOf(a) === 'dev'),
    ),
    test: evaluate(
      tagger,
      answers.filter((a) => splitOf(a) === 'test'),
    ),
    all: evaluate(tagger, answers),
  };
}
