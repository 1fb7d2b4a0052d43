import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIENCES } from '../../src/interviews/audience.js';
import {
  findQuestion,
  isChoiceQuestion,
  loadQuestionSets,
  type QuestionSet,
} from '../../src/interviews/questionSets.js';
import { DataFileError, repoRoot } from '../../src/shared/loadYaml.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';

const taxonomy = loadTaxonomy();
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A private copy of the shipped prompts (and taxonomy) that a test may break. */
function copyData(): { prompts: string; taxonomy: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ospo-prompts-'));
  temps.push(dir);
  cpSync(path.join(repoRoot, 'prompts'), path.join(dir, 'prompts'), { recursive: true });
  cpSync(path.join(repoRoot, 'data/taxonomy'), path.join(dir, 'taxonomy'), { recursive: true });
  return { prompts: path.join(dir, 'prompts'), taxonomy: path.join(dir, 'taxonomy') };
}

/** Replaces text in a copied file; fails loudly if the text is not there, so a test cannot pass by editing nothing. */
function edit(dir: string, file: string, from: string | RegExp, to: string): string {
  const target = path.join(dir, file);
  const before = readFileSync(target, 'utf8');
  const after = before.replace(from, to);
  expect(after, `edit of ${file} changed nothing`).not.toBe(before);
  writeFileSync(target, after);
  return after;
}

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  expect(at, `"${needle}" not found`).toBeGreaterThanOrEqual(0);
  return text.slice(0, at).split('\n').length;
}

function loadError(prompts: string): DataFileError {
  try {
    loadQuestionSets(prompts, taxonomy);
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return err as DataFileError;
  }
  throw new Error('the question sets loaded although they are broken');
}

describe('the shipped question sets', () => {
  const sets = loadQuestionSets(undefined, taxonomy);
  const all: QuestionSet[] = AUDIENCES.map((a) => sets[a]);

  it('has one set per audience, each preselecting that audience’s petal', () => {
    expect(Object.keys(sets).sort()).toEqual(['contributor', 'executive', 'manager']);
    for (const audience of AUDIENCES) {
      expect(sets[audience].audience).toBe(audience);
      expect(sets[audience].defaultPetal).toBe(taxonomy.defaultPetalFor(audience).id);
      expect(sets[audience].file).toBe(`prompts/${audience}.yml`);
    }
  });

  it('asks the chapter’s questions in every set', () => {
    for (const set of all) {
      const labels = set.questions.map((q) => q.label).join('\n');
      expect(labels, set.id).toMatch(/open source technologies.*(goals|roadmap|strategy|work)/i);
      expect(labels, set.id).toMatch(/projects.*(communities|foundations)/i);
      expect(labels, set.id).toMatch(/motivates|worth investing/i);
      expect(labels, set.id).toMatch(/holds .* back/i);
      expect(labels, set.id).toMatch(/process/i);
      expect(labels, set.id).toMatch(/champion/i);
      expect(labels, set.id).toMatch(/management|leadership/i);
    }
    const text = (set: QuestionSet) => set.questions.map((q) => `${q.label} ${q.hint ?? ''}`).join('\n');
    expect(text(sets.executive)).toMatch(/strategy/i);
    expect(text(sets.executive)).toMatch(/risk/i);
    expect(text(sets.executive)).toMatch(/fund|budget|invest/i);
    expect(text(sets.manager)).toMatch(/team's time/i);
    expect(text(sets.manager)).toMatch(/rules|policy/i);
    expect(text(sets.manager)).toMatch(/hiring/i);
    expect(text(sets.contributor)).toMatch(/recognised/i);
    expect(text(sets.contributor)).toMatch(/learn/i);
    expect(text(sets.contributor)).toMatch(/approval.*CLA/is);
  });

  it('holds 8 to 12 questions per set, with the first and the obstacles question required', () => {
    for (const set of all) {
      expect(set.questions.length, set.id).toBeGreaterThanOrEqual(8);
      expect(set.questions.length, set.id).toBeLessThanOrEqual(12);
      expect(set.questions[0]!.required, set.id).toBe(true);
      expect(findQuestion(set, 'obstacles')?.required, set.id).toBe(true);
    }
  });

  it('splits into at most three steps, and the contributor set into three steps of four', () => {
    for (const set of all) {
      expect(set.steps.length, set.id).toBeGreaterThanOrEqual(1);
      expect(set.steps.length, set.id).toBeLessThanOrEqual(3);
      expect(set.steps.flat()).toEqual(set.questions);
      set.steps.forEach((step, i) => {
        expect(step.length).toBeGreaterThan(0);
        for (const q of step) expect(q.step).toBe(i + 1);
      });
    }
    expect(sets.contributor.steps.map((s) => s.length)).toEqual([4, 4, 4]);
  });

  it('fits Slack’s limits for modal titles, inputs and options', () => {
    for (const set of all) {
      // Room for a " 2/3" step marker inside Slack's 24-character title.
      expect(set.title.length, set.id).toBeLessThanOrEqual(24 - ' 2/3'.length);
      expect(
        set.intro.split(/(?<=[.!?])\s+/).length,
        `${set.id} intro is one or two sentences`,
      ).toBeLessThanOrEqual(2);
      for (const q of set.questions) {
        expect(q.label.length, q.id).toBeLessThanOrEqual(150);
        expect((q.hint ?? '').length, q.id).toBeLessThanOrEqual(150);
        if (isChoiceQuestion(q)) {
          expect(q.options.length).toBeLessThanOrEqual(10);
          for (const o of q.options) {
            expect(o.text.length, o.text).toBeLessThanOrEqual(75);
            expect(o.value.length, o.value).toBeLessThanOrEqual(150);
          }
        } else {
          expect(q.maxLength, q.id).toBeLessThanOrEqual(3000);
        }
      }
    }
  });

  it('offers choice questions with stored values and text questions with a length limit', () => {
    const activities = findQuestion(sets.contributor, 'activities')!;
    expect(activities.kind).toBe('multi_choice');
    expect(isChoiceQuestion(activities) && activities.options.map((o) => o.value)).toContain('contributed');
    const technologies = findQuestion(sets.manager, 'technologies')!;
    expect(technologies).toMatchObject({ kind: 'long_text', maxLength: 2000, required: true });
  });
});

describe('a question set edited by staff', () => {
  it('reports a YAML syntax error with its line', () => {
    const { prompts } = copyData();
    const text = edit(prompts, 'manager.yml', '    kind: long_text\n', '\tkind: long_text\n');
    const err = loadError(prompts);
    expect(err.file).toMatch(/manager\.yml$/);
    expect(err.message).toContain(`manager.yml:${lineOf(text, '\tkind')}:1: YAML syntax error: `);
  });

  it('reports a missing field at its question', () => {
    const { prompts } = copyData();
    const text = edit(prompts, 'executive.yml', /(id: risks\n(?:.*\n)*?) {4}kind: long_text\n/, '$1');
    expect(loadError(prompts).message).toContain(
      `executive.yml:${lineOf(text, 'id: risks')}:5: questions[5].kind: required field is missing`,
    );
  });

  it('reports a kind it does not know, listing the ones it does', () => {
    const { prompts } = copyData();
    edit(prompts, 'manager.yml', 'kind: single_choice', 'kind: dropdown');
    expect(loadError(prompts).message).toContain(
      'questions[2].kind: is "dropdown"; expected one of "long_text", "short_text", "single_choice", "multi_choice"',
    );
  });

  it('reports a duplicate question id', () => {
    const { prompts } = copyData();
    edit(prompts, 'contributor.yml', 'id: learning', 'id: recognition');
    expect(loadError(prompts).message).toMatch(
      /contributor\.yml:\d+:9: questions\[7\]\.id: duplicate id "recognition" \(first used at questions\[6\]\.id\)/,
    );
  });

  it('reports a default petal missing from the taxonomy', () => {
    const { prompts } = copyData();
    const text = edit(prompts, 'manager.yml', 'default_petal: management', 'default_petal: managers');
    expect(loadError(prompts).message).toContain(
      `manager.yml:${lineOf(text, 'default_petal: managers')}:16: default_petal: unknown petal "managers" (petals: individual-contributors, management, legal, business, ecosystem, ospo)`,
    );
  });

  it('accepts a petal that only an edited taxonomy has', () => {
    const data = copyData();
    const petals = readFileSync(path.join(data.taxonomy, 'petals.yml'), 'utf8');
    writeFileSync(
      path.join(data.taxonomy, 'petals.yml'),
      `${petals}  - id: security\n    name: Security\n    summary: Security's view\n    description: Security's view of open source.\n    signals: [CVE*]\n`,
    );
    edit(data.prompts, 'executive.yml', 'default_petal: business', 'default_petal: security');
    const sets = loadQuestionSets(data.prompts, loadTaxonomy(data.taxonomy));
    expect(sets.executive.defaultPetal).toBe('security');
  });

  it('reports text over Slack’s limits with its length', () => {
    const { prompts } = copyData();
    edit(prompts, 'manager.yml', 'title: Open source & teams', `title: ${'x'.repeat(25)}`);
    edit(prompts, 'manager.yml', /label: Which open source technologies[^\n]*/, `label: ${'y'.repeat(151)}`);
    edit(prompts, 'manager.yml', 'max_length: 2000', 'max_length: 3001');
    edit(prompts, 'manager.yml', '{ text: "I\'m not sure"', `{ text: "${'z'.repeat(76)}"`);
    const message = loadError(prompts).message;
    expect(message).toMatch(/manager\.yml:\d+:\d+: title: is 25 characters long; the limit is 24$/m);
    expect(message).toMatch(/questions\[0\]\.label: is 151 characters long; the limit is 150$/m);
    expect(message).toMatch(/questions\[0\]\.max_length: is 3001; the most allowed is 3000$/m);
    expect(message).toMatch(/questions\[2\]\.options\[4\]\.text: is 76 characters long; the limit is 75$/m);
  });

  it('reports more than ten options for one question', () => {
    const { prompts } = copyData();
    edit(
      prompts,
      'contributor.yml',
      '      - { text: "None of these yet", value: none }\n',
      '      - { text: "None of these yet", value: none }\n      - { text: "Other", value: other }\n      - { text: "Rather not say", value: rather-not-say }\n',
    );
    expect(loadError(prompts).message).toMatch(
      /questions\[2\]\.options: has 11 entries; at most 10 are allowed$/m,
    );
  });

  it('reports a choice without options and a text question with options', () => {
    const { prompts } = copyData();
    edit(prompts, 'manager.yml', 'kind: single_choice', 'kind: long_text');
    expect(loadError(prompts).message).toContain(
      'questions[2].options: a long_text question takes no options',
    );
    edit(
      prompts,
      'manager.yml',
      /(id: team-time\n(?:.*\n)*?) {4}kind: long_text/,
      '$1    kind: single_choice',
    );
    edit(
      prompts,
      'executive.yml',
      /(id: measures\n(?:.*\n)*?) {4}kind: long_text/,
      '$1    kind: multi_choice',
    );
    const message = loadError(prompts).message;
    expect(message).toContain('questions[7].options: a multi_choice question needs options (2 to 10)');
    expect(message).toContain('questions[7].max_length: only text questions take max_length');
  });

  it('reports steps that skip, go back or are given only on some questions', () => {
    const { prompts } = copyData();
    edit(prompts, 'contributor.yml', /(id: obstacles\n) {4}step: 2/, '$1    step: 3');
    expect(loadError(prompts).message).toContain(
      'questions[4].step: step 3 follows step 1; steps may not be skipped',
    );
    edit(prompts, 'contributor.yml', /(id: obstacles\n) {4}step: 3/, '$1    step: 2');
    edit(prompts, 'contributor.yml', /(id: ospo-help\n) {4}step: 3/, '$1    step: 1');
    expect(loadError(prompts).message).toContain(
      'questions[10].step: step 1 comes after step 3; list questions in step order',
    );
    edit(prompts, 'contributor.yml', /(id: ospo-help\n) {4}step: 1\n/, '$1');
    expect(loadError(prompts).message).toContain(
      'questions[10].step: required field is missing: give every question a step, or none',
    );
  });

  it('splits a set without step hints four questions to a step, and refuses one too long for three steps', () => {
    const { prompts } = copyData();
    const target = path.join(prompts, 'contributor.yml');
    writeFileSync(target, readFileSync(target, 'utf8').replace(/^ {4}step: \d\n/gm, ''));
    expect(loadQuestionSets(prompts, taxonomy).contributor.steps.map((s) => s.length)).toEqual([4, 4, 4]);
    writeFileSync(
      target,
      `${readFileSync(target, 'utf8')}\n  - id: anything-else\n    label: Anything else?\n    kind: long_text\n`,
    );
    expect(loadError(prompts).message).toContain(
      'questions: 13 questions at 4 per step need more than 3 steps; give every question a step',
    );
  });

  it('refuses an id the last step uses for itself', () => {
    const { prompts } = copyData();
    edit(prompts, 'manager.yml', 'id: champions', 'id: consent');
    expect(loadError(prompts).message).toContain(
      `questions[8].id: "consent" is used by the interview's last step; pick another id`,
    );
  });

  it('requires one set per audience', () => {
    const { prompts } = copyData();
    unlinkSync(path.join(prompts, 'executive.yml'));
    const err = loadError(prompts);
    expect(err.message).toMatch(/prompts: no question set for the "executive" audience/);
    edit(prompts, 'contributor.yml', 'audience: contributor', 'audience: manager');
    expect(loadError(prompts).message).toMatch(
      /manager\.yml:\d+:11: audience: "manager" already has a question set in .*contributor\.yml; keep one file per audience/,
    );
  });

  it('reports a missing folder by name', () => {
    expect(() => loadQuestionSets(path.join(tmpdir(), 'ospo-no-such-prompts'), taxonomy)).toThrow(
      /ospo-no-such-prompts: folder of question sets not found/,
    );
  });
});
