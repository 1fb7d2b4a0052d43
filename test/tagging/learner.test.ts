import { describe, expect, it } from 'vitest';
import { createLearner } from '../../src/tagging/learner.js';
import { stem } from '../../src/tagging/stem.js';
import { tokenize } from '../../src/tagging/tokenize.js';

const corrected = {
  answerId: 7,
  text: 'Our CHAOSS dashboards for the Kafka connectors go to the steering group every month.',
  petals: ['ospo'],
  stage: 'stage-3',
  motivators: ['dependency-sustainability'],
  rejected: { petals: ['management'], motivators: ['reputation'], stage: 'stage-1' },
};

describe('learning from staff reviews', () => {
  const learner = createLearner([corrected], stem);

  it('votes for staff labels, and against the ones staff removed, on a similar answer', () => {
    const votes = learner.votes(
      tokenize('The CHAOSS dashboards on our Kafka connectors go to the steering group.'),
      stem,
    );
    const weight = (kind: string, id: string) =>
      votes.filter((v) => v.kind === kind && v.id === id).reduce((n, v) => n + v.weight, 0);
    expect(weight('petal', 'ospo')).toBeGreaterThan(1);
    expect(weight('stage', 'stage-3')).toBeGreaterThan(1);
    expect(weight('motivator', 'dependency-sustainability')).toBeGreaterThan(1);
    expect(weight('petal', 'management')).toBeLessThan(-1);
    expect(weight('stage', 'stage-1')).toBeLessThan(-1);
    const evidence = votes.find((v) => v.id === 'ospo')!.evidence;
    expect(evidence).toMatchObject({ type: 'learned', answerId: 7 });
    expect((evidence as { text: string }).text).toContain('chaoss');
  });

  it('says nothing about an unrelated answer', () => {
    expect(learner.votes(tokenize('Licences and lawyers take weeks to answer.'), stem)).toEqual([]);
  });

  it('leaves out the answer it is asked about, so a correction is no evidence about itself', () => {
    expect(learner.votes(tokenize(corrected.text), stem, 7)).toEqual([]);
    expect(learner.votes(tokenize(corrected.text), stem, 8).length).toBeGreaterThan(0);
  });

  it('prefers the most similar of several examples', () => {
    const two = createLearner(
      [
        corrected,
        {
          answerId: 9,
          text: 'Kafka connectors are fine.',
          petals: ['business'],
          stage: 'stage-1',
          motivators: [],
        },
      ],
      stem,
      { neighbours: 1, minSimilarity: 0 },
    );
    const votes = two.votes(tokenize('CHAOSS dashboards for Kafka connectors to the steering group'), stem);
    expect(new Set(votes.map((v) => (v.evidence as { answerId: number }).answerId))).toEqual(new Set([7]));
  });

  it('counts a word once however often an answer repeats it, in whatever form', () => {
    const similarityTo = (text: string) =>
      (learner.votes(tokenize(text), stem).find((v) => v.id === 'ospo')?.evidence as { similarity: number })
        ?.similarity;
    const once = similarityTo('CHAOSS dashboards for Kafka connectors.');
    expect(once).toBeGreaterThan(0.25);
    expect(similarityTo('CHAOSS dashboards, dashboards, dashboard: Kafka connectors, connector.')).toBe(once);
    // Asked again, the same answer gets the same likeness (nothing carried over from the last answer).
    expect(similarityTo('CHAOSS dashboards for Kafka connectors.')).toBe(once);
    expect(similarityTo(corrected.text)).toBe(1);
  });

  it('keeps the closest examples, and on a tie the older one, whatever order they were loaded in', () => {
    const twin = (answerId: number, petal: string) => ({
      ...corrected,
      answerId,
      petals: [petal],
      rejected: undefined,
    });
    const far = {
      ...twin(1, 'legal'),
      text: 'CHAOSS dashboards matter a lot to legal and to finance and to sales.',
    };
    const examples = [twin(30, 'business'), far, twin(20, 'ospo'), twin(40, 'management')];
    for (const order of [examples, [...examples].reverse()]) {
      const votes = createLearner(order, stem, { neighbours: 2, minSimilarity: 0 }).votes(
        tokenize(corrected.text),
        stem,
      );
      const voters = [...new Set(votes.map((v) => (v.evidence as { answerId: number }).answerId))];
      expect(voters).toEqual([20, 30]);
    }
  });
});
