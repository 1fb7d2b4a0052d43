import { describe, expect, it } from 'vitest';
import { loadQuestionSets, type TextQuestion } from '../../src/interviews/questionSets.js';
import { planSteps } from '../../src/interviews/steps.js';
import { readStepValues } from '../../src/interviews/stepValues.js';
import { checkAnswer, collectSubmission, validateStep } from '../../src/interviews/validateAnswers.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';

const taxonomy = loadTaxonomy();
const set = loadQuestionSets('prompts', taxonomy).contributor;
const plan = planSteps(set, taxonomy.motivators.length);
const text = (over: Partial<TextQuestion> = {}): TextQuestion => ({
  id: 'q',
  label: 'Q',
  kind: 'long_text',
  required: true,
  step: 1,
  maxLength: 10,
  ...over,
});

describe('checkAnswer', () => {
  it('refuses a blank required answer, whitespace included, and accepts a blank optional one', () => {
    expect(checkAnswer(text(), undefined)).toMatch(/answer this question/);
    expect(checkAnswer(text(), ' \n\t ')).toMatch(/answer this question/);
    expect(checkAnswer(text({ required: false }), '   ')).toBeUndefined();
  });

  it('counts length as Slack does and names both numbers', () => {
    expect(checkAnswer(text({ maxLength: 3000 }), 'x'.repeat(3000))).toBeUndefined();
    expect(checkAnswer(text({ maxLength: 3000 }), 'x'.repeat(3001))).toBe(
      'Please shorten this to 3,000 characters (it has 3,001).',
    );
    expect(checkAnswer(text({ maxLength: 4 }), '🌻🌻')).toBeUndefined();
    expect(checkAnswer(text({ maxLength: 4 }), '🌻🌻🌻')).toMatch(/shorten/);
    expect(checkAnswer(text({ minLength: 5 }), 'abc')).toMatch(/at least 5/);
  });

  it('accepts only offered options for choice questions', () => {
    const multi = set.questions.find((q) => q.kind === 'multi_choice')!;
    expect(checkAnswer(multi, ['used', 'reported'])).toBeUndefined();
    expect(checkAnswer(multi, ['used', 'hacked'])).toMatch(/options shown/);
    expect(checkAnswer(multi, 'used')).toMatch(/options shown/);
  });
});

describe('validateStep and collectSubmission', () => {
  it('keys errors by block id and asks consent on the last step', () => {
    const errors = validateStep(plan[2]!, { petal: 'no-such-petal' }, taxonomy);
    expect(errors).toEqual({
      petal: expect.stringMatching(/areas listed/),
      consent: expect.stringMatching(/quote you/),
    });
    expect(validateStep(plan[0]!, {}, taxonomy)).toEqual({
      'q-technologies': expect.any(String),
      'q-motivations': expect.any(String),
    });
  });

  it('refuses motivators that are not in their group', () => {
    const errors = validateStep(plan[2]!, { consent: 'name', 'motivators-0': ['reputation'] }, taxonomy);
    expect(Object.keys(errors)).toEqual(['motivators-0']);
  });

  it('stores text exactly as typed and checks every step again', () => {
    const tricky = "  '; DROP TABLE answers;-- <@U123> *x* & 🌻\n";
    const values = {
      'q-technologies': tricky,
      'q-motivations': 'fun',
      'q-obstacles': 'time',
      'q-activities': ['used', 'spoke'],
      consent: 'anonymous',
      'motivators-0': ['compliance'],
      'motivators-1': ['cost', 'reputation'],
    };
    const result = collectSubmission(set, values, taxonomy);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.submission.answers.find((a) => a.questionId === 'technologies')?.text).toBe(tricky);
    expect(result.submission.answers.find((a) => a.questionId === 'activities')?.text).toBe('used, spoke');
    expect(result.submission).toMatchObject({
      petalId: null,
      consent: 'anonymous',
      motivatorIds: ['compliance', 'cost', 'reputation'],
    });
    const missing = collectSubmission(set, { ...values, 'q-obstacles': '' }, taxonomy);
    expect(missing).toEqual({ ok: false, errors: { 'q-obstacles': expect.any(String) } });
  });
});

describe('readStepValues', () => {
  it('reads only the step’s own blocks and treats malformed state as unanswered', () => {
    const state = {
      'q-technologies': { answer: { type: 'plain_text_input', value: 'TS' } },
      'q-motivations': { answer: { type: 'plain_text_input', value: 42 } },
      'q-activities': { answer: { type: 'checkboxes', selected_options: [{ value: 'used' }, { nope: 1 }] } },
      'q-obstacles': { answer: { type: 'plain_text_input', value: 'from another step' } },
      consent: { consent: { type: 'radio_buttons', selected_option: { value: 'name' } } },
    };
    expect(readStepValues(plan[0]!, state, 2)).toEqual({ 'q-technologies': 'TS', 'q-activities': ['used'] });
  });
});
