import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFileError, repoRoot } from '../../src/shared/loadYaml.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';

const shipped = path.join(repoRoot, 'data/taxonomy');
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A private copy of the shipped taxonomy that a test may break. */
function copyTaxonomy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ospo-taxonomy-'));
  temps.push(dir);
  cpSync(shipped, dir, { recursive: true });
  return dir;
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

/** 1-based line of the first occurrence of `needle`. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  expect(at, `"${needle}" not found`).toBeGreaterThanOrEqual(0);
  return text.slice(0, at).split('\n').length;
}

function loadError(dir: string, options = {}): DataFileError {
  try {
    loadTaxonomy(dir, options);
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return err as DataFileError;
  }
  throw new Error('the taxonomy loaded although it is broken');
}

describe('the shipped taxonomy', () => {
  const taxonomy = loadTaxonomy();

  it("has the book's six petals, in the book's order", () => {
    expect(taxonomy.petals.map((p) => p.id)).toEqual([
      'individual-contributors',
      'management',
      'legal',
      'business',
      'ecosystem',
      'ospo',
    ]);
    expect(taxonomy.petalById('legal')?.name).toBe('Legal');
    expect(taxonomy.petalById('ecosystem')?.name).toBe('Open Source Ecosystem');
  });

  it('gives every petal a rich set of signals, including the jargon people actually use', () => {
    for (const petal of taxonomy.petals) {
      expect(petal.signals.length, petal.id).toBeGreaterThanOrEqual(15);
      expect(petal.signals.length, petal.id).toBeLessThanOrEqual(40);
    }
    const all = (id: string) => taxonomy.petalById(id)!.signals.map((s) => s.toLowerCase());
    expect(all('legal')).toEqual(expect.arrayContaining(['cla', 'dco', 'licen*', 'copyleft', 'spdx']));
    expect(all('business')).toEqual(expect.arrayContaining(['innersource', 'knowledge transfer']));
    expect(all('ecosystem')).toEqual(expect.arrayContaining(['upstream*', 'maintainer*']));
    expect(all('ospo')).toEqual(expect.arrayContaining(['ospo', 'playbook*']));
  });

  it('preselects the petal the brief names for each audience', () => {
    expect(taxonomy.defaultPetalFor('manager').id).toBe('management');
    expect(taxonomy.defaultPetalFor('executive').id).toBe('business');
    expect(taxonomy.defaultPetalFor('contributor').id).toBe('individual-contributors');
  });

  it('ships three maturity models with the TODO OSPO model as default', () => {
    expect(taxonomy.models.map((m) => m.id)).toEqual(['todo-ospo', 'engagement', 'corporate-adoption']);
    expect(taxonomy.defaultModel.id).toBe('todo-ospo');
    expect(taxonomy.referenceModel.id).toBe('todo-ospo');
    expect(taxonomy.modelById('engagement')!.stages.map((s) => s.name)).toEqual([
      'Denial',
      'Consumption',
      'Participation',
      'Contribution',
      'Leadership',
    ]);
    expect(taxonomy.modelById('corporate-adoption')!.stages.map((s) => s.name)).toEqual([
      'Accidental',
      'Repetitive',
      'Directed',
      'Collaborate',
      'Prevail',
    ]);
  });

  it("gives the default model's five stages the chapter's checklist", () => {
    const stages = taxonomy.defaultModel.stages;
    expect(stages.map((s) => [s.id, s.order])).toEqual([
      ['stage-0', 0],
      ['stage-1', 1],
      ['stage-2', 2],
      ['stage-3', 3],
      ['stage-4', 4],
    ]);
    expect(stages.map((s) => s.checklist.length)).toEqual([5, 3, 5, 4, 4]);
    const text = (stageId: string) =>
      taxonomy
        .stageById(stageId)!
        .checklist.map((c) => c.text)
        .join(' | ');
    expect(text('stage-0')).toMatch(
      /values and principles.*branding.*budget.*action plan.*communication plan/is,
    );
    expect(text('stage-1')).toMatch(/security and licence risk.*when and how to use.*SBOM/is);
    expect(text('stage-2')).toMatch(/compliant.*file bugs.*advocate.*incentives.*sponsor/is);
    expect(text('stage-3')).toMatch(/host or sponsor.*launch.*dedicated.*playbooks and tooling/is);
    expect(text('stage-4')).toMatch(/technology decisions.*CTO.*benchmark.*governance models/is);
    const item = taxonomy.checklistItemById('sbom-inventory')!;
    expect(item.stageId).toBe('stage-1');
    expect(item.signals).toContain('SBOM');
  });

  it('shows a stage in any model, including where models do not map one to one', () => {
    expect(taxonomy.stageInModel('stage-1', 'engagement')!.name).toBe('Consumption');
    expect(taxonomy.stageInModel('stage-2', 'engagement')!.name).toBe('Participation');
    // Engagement has no strategic stage: the most mature one below it stands in.
    expect(taxonomy.stageInModel('stage-4', 'engagement')!.name).toBe('Leadership');
    expect(taxonomy.stageInModel('engagement-contribution')!.id).toBe('stage-2');
    expect(taxonomy.stageInModel('adoption-prevail', 'engagement')!.name).toBe('Leadership');
    expect(taxonomy.stageInModel('stage-3', 'corporate-adoption')!.name).toBe('Collaborate');
    expect(taxonomy.stageInModel('no-such-stage')).toBeUndefined();
    expect(taxonomy.stageInModel('stage-1', 'no-such-model')).toBeUndefined();
  });

  it('has at least the twelve motivators of the design, each tied to existing petals', () => {
    expect(taxonomy.motivators.length).toBeGreaterThanOrEqual(12);
    const names = taxonomy.motivators.map((m) => m.name.toLowerCase()).join(' | ');
    for (const words of [
      'standardised processes',
      'approach the community',
      'sustainability',
      'compliance',
      'open knowledge',
      'velocity',
      'security',
      'talent',
      'innovation',
      'cost',
      'personal learning',
      'reputation',
    ]) {
      expect(names).toContain(words);
    }
    for (const m of taxonomy.motivators) {
      expect(m.signals.length, m.id).toBeGreaterThanOrEqual(15);
      for (const petal of m.petals) expect(taxonomy.petalById(petal), `${m.id} → ${petal}`).toBeDefined();
    }
  });

  it('keeps every name and summary short enough for Slack option text', () => {
    const texts = [
      ...taxonomy.petals.flatMap((p) => [p.name, p.summary]),
      ...taxonomy.motivators.flatMap((m) => [m.name, m.summary]),
      ...taxonomy.models.flatMap((m) => [m.name, ...m.stages.flatMap((s) => [s.name, s.summary])]),
    ];
    for (const t of texts) expect(t.length, t).toBeLessThanOrEqual(75);
  });

  it('can show another model by default when configured to', () => {
    const t = loadTaxonomy(undefined, { modelId: 'corporate-adoption' });
    expect(t.defaultModel.id).toBe('corporate-adoption');
    expect(t.referenceModel.id).toBe('todo-ospo');
    expect(t.stageInModel('stage-2')!.name).toBe('Directed');
  });

  it('names the repository file, not a machine path, when the configured model does not exist', () => {
    expect(() => loadTaxonomy(undefined, { modelId: 'cmm' })).toThrow(
      /^data\/taxonomy\/maturity-models\.yml: the configured maturity model "cmm" is not defined here \(defined: todo-ospo, engagement, corporate-adoption\)$/,
    );
  });

  it('changes its fingerprint when the meaning changes, not when a comment does', () => {
    const dir = copyTaxonomy();
    const before = loadTaxonomy(dir).fingerprint;
    expect(before).toBe(taxonomy.fingerprint);
    edit(dir, 'petals.yml', '# The petals', '# A comment edit.\n# The petals');
    expect(loadTaxonomy(dir).fingerprint).toBe(before);
    edit(dir, 'petals.yml', '      - burnout\n', '      - burnout\n      - hackathon*\n');
    expect(loadTaxonomy(dir).fingerprint).not.toBe(before);
  });
});

describe('a taxonomy edited by staff', () => {
  it('takes a seventh petal without any code change', () => {
    const dir = copyTaxonomy();
    const petals = readFileSync(path.join(dir, 'petals.yml'), 'utf8');
    writeFileSync(
      path.join(dir, 'petals.yml'),
      `${petals}
  - id: security
    name: Security
    summary: Vulnerabilities, supply chain and secure development
    description: The security team's view of open source.
    color: "#444444"
    signals: [vulnerabilit*, CVE*, supply chain, SBOM, OpenSSF]
`,
    );
    edit(
      dir,
      'motivators.yml',
      'petals: [legal, management, ospo]',
      'petals: [security, legal, management, ospo]',
    );

    const taxonomy = loadTaxonomy(dir);
    expect(taxonomy.petals).toHaveLength(7);
    expect(taxonomy.petals[6]).toMatchObject({
      id: 'security',
      name: 'Security',
      index: 6,
      color: '#444444',
    });
    expect(taxonomy.petalById('security')!.signals).toContain('CVE*');
    expect(taxonomy.motivatorById('security-risk')!.petals[0]).toBe('security');
  });

  it('reports a YAML syntax error with its line and column', () => {
    const dir = copyTaxonomy();
    const text = edit(dir, 'petals.yml', 'name: Legal\n', 'name: "Legal\n');
    const err = loadError(dir);
    expect(err.file).toMatch(/petals\.yml$/);
    expect(err.message).toMatch(/petals\.yml:\d+:\d+: YAML syntax error: /);
    const reported = Number(/petals\.yml:(\d+):/.exec(err.message)![1]);
    // The unclosed quote runs on; the parser stops at or after the line where it opened.
    expect(reported).toBeGreaterThanOrEqual(lineOf(text, 'name: "Legal'));
  });

  it('reports a repeated key as a YAML error on the repeat', () => {
    const dir = copyTaxonomy();
    const text = edit(dir, 'petals.yml', '    name: Legal\n', '    name: Legal\n    name: Lawyers\n');
    expect(loadError(dir).message).toContain(
      `petals.yml:${lineOf(text, 'name: Lawyers')}:5: YAML syntax error: Map keys must be unique`,
    );
  });

  it('reports a missing field at the entry it belongs to', () => {
    const dir = copyTaxonomy();
    const text = edit(dir, 'petals.yml', '    name: Legal\n', '');
    const err = loadError(dir);
    expect(err.message).toContain(
      `petals.yml:${lineOf(text, 'id: legal')}:5: petals[2].name: required field is missing`,
    );
    expect(err.problems).toHaveLength(1);
  });

  it('reports a duplicate id at the repeat, naming the first use', () => {
    const dir = copyTaxonomy();
    const text = edit(dir, 'petals.yml', 'id: business', 'id: legal');
    const line =
      text.split('\n').findIndex((l, i) => i > lineOf(text, 'id: legal') && l.includes('id: legal')) + 1;
    expect(loadError(dir).message).toContain(
      `petals.yml:${line}:9: petals[3].id: duplicate id "legal" (first used at petals[2].id)`,
    );
  });

  it('reports a motivator pointing at a petal that does not exist', () => {
    const dir = copyTaxonomy();
    const text = edit(dir, 'motivators.yml', 'petals: [legal, ospo]', 'petals: [legal, finance]');
    const err = loadError(dir);
    expect(err.file).toMatch(/motivators\.yml$/);
    expect(err.message).toMatch(
      new RegExp(
        `motivators\\.yml:${lineOf(text, 'petals: [legal, finance]')}:\\d+: motivators\\[3\\]\\.petals\\[1\\]: unknown petal "finance"`,
      ),
    );
  });

  it('reports a stage equivalent that is not a stage of the default model', () => {
    const dir = copyTaxonomy();
    const text = edit(dir, 'maturity-models.yml', 'equivalent: stage-4', 'equivalent: stage-9');
    expect(loadError(dir).message).toContain(
      `maturity-models.yml:${lineOf(text, 'equivalent: stage-9')}:21: models[2].stages[4].equivalent: "stage-9" is not a stage of the default model "todo-ospo"`,
    );
  });

  it('reports equivalents that run backwards', () => {
    const dir = copyTaxonomy();
    edit(
      dir,
      'maturity-models.yml',
      /(id: engagement-leadership\n {8}order: 4\n {8}equivalent:) stage-3/,
      '$1 stage-1',
    );
    expect(loadError(dir).message).toContain('models[1].stages[4].equivalent: "stage-1" is less mature than');
  });

  it('reports a default model that is not among the models', () => {
    const dir = copyTaxonomy();
    edit(dir, 'maturity-models.yml', 'default: todo-ospo', 'default: todo');
    expect(loadError(dir).message).toMatch(
      /maturity-models\.yml:\d+:10: default: "todo" is not one of the models/,
    );
  });

  it('accepts a name of exactly 75 characters and reports one of 76 with its length', () => {
    const dir = copyTaxonomy();
    const at75 = `Legal, licensing, intellectual property and compliance with each regulation`;
    expect(at75.length).toBe(75);
    edit(dir, 'petals.yml', 'name: Legal\n', `name: ${at75}\n`);
    expect(loadTaxonomy(dir).petalById('legal')!.name).toBe(at75);
    edit(dir, 'petals.yml', `name: ${at75}\n`, `name: ${at75}s\n`);
    expect(loadError(dir).message).toMatch(/petals\[2\]\.name: is 76 characters long; the limit is 75$/m);
  });

  it('reports a misspelt field instead of ignoring it', () => {
    const dir = copyTaxonomy();
    edit(dir, 'motivators.yml', /(id: cost\n(?:.*\n)*?) {4}signals:/, '$1    signal:');
    expect(loadError(dir).message).toMatch(
      /motivators\[9\]: unknown field "signal" \(allowed here: .*signals\)/,
    );
  });

  it('reports an audience left without a default petal, and one given two', () => {
    const dir = copyTaxonomy();
    edit(dir, 'petals.yml', 'default_for: [executive]', 'default_for: [manager]');
    const message = loadError(dir).message;
    expect(message).toContain(
      'petals[3].default_for: "manager" already defaults to petals[1] ("management")',
    );
    expect(message).toContain('petals: no petal is the default for the "executive" audience');
  });

  it('reports a signal that is not words', () => {
    const dir = copyTaxonomy();
    edit(dir, 'petals.yml', '      - copyleft\n', '      - "*copyleft"\n');
    expect(loadError(dir).message).toMatch(
      /petals\[2\]\.signals\[\d+\]: must be words separated by single spaces/,
    );
  });

  it('reports a missing file by name', () => {
    const dir = copyTaxonomy();
    unlinkSync(path.join(dir, 'motivators.yml'));
    const err = loadError(dir);
    expect(err.message).toMatch(/motivators\.yml: file not found$/);
  });

  it('reports an empty file, and a list where a mapping belongs', () => {
    const dir = copyTaxonomy();
    writeFileSync(path.join(dir, 'petals.yml'), '# nothing yet\n');
    expect(loadError(dir).message).toMatch(/petals\.yml: the file is empty$/);
    writeFileSync(path.join(dir, 'petals.yml'), 'version: "2"\npetals:\n  - legal\n');
    expect(loadError(dir).message).toMatch(
      /petals\.yml:3:5: petals\[0\]: should be a mapping of "key: value" lines, not the text "legal"$/,
    );
  });

  it('lists every problem of a file, one line each', () => {
    const dir = copyTaxonomy();
    edit(dir, 'petals.yml', '    name: Legal\n', '');
    edit(dir, 'petals.yml', 'id: ospo', 'id: OSPO');
    const err = loadError(dir);
    expect(err.problems.map((p) => p.where)).toEqual(['petals[2].name', 'petals[5].id']);
    expect(err.message.split('\n')).toHaveLength(2);
  });
});
