import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLabelledAnswers } from '../../src/tagging/labelled.js';
import { loadTagger } from '../../src/tagging/loadTagger.js';
import { loadModel } from '../../src/tagging/model.js';
import { markScopes, NEGATED, UNREAL } from '../../src/tagging/scope.js';
import { REVIEW_BELOW } from '../../src/tagging/service.js';
import { createTagger } from '../../src/tagging/tagger.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';
import { tokenize } from '../../src/tagging/tokenize.js';

const taxonomy = loadTaxonomy();
const tagger = loadTagger(taxonomy);
const signalsOnly = loadTagger(taxonomy, { model: null });
const ids = (tags: { id: string }[]) => tags.map((t) => t.id);

describe('tokenising', () => {
  it('expands contractions, splits hyphens and keeps offsets into the original text', () => {
    const text = "We don't use open-source, we’re CLA-free";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.word)).toEqual([
      'we',
      'do',
      'not',
      'use',
      'open',
      'source',
      '\u0000',
      'we',
      'are',
      'cla',
      'free',
    ]);
    const open = tokens.find((t) => t.word === 'open')!;
    const source = tokens.find((t) => t.word === 'source')!;
    expect(text.slice(open.start, source.end)).toBe('open-source');
    const not = tokens.find((t) => t.word === 'not')!;
    expect(text.slice(not.start, not.end)).toBe("don't");
  });

  it('marks words after a negation or a wish, up to the end of the clause', () => {
    const tokens = tokenize("We don't contribute back, but we use Kafka. I'd like to host a project");
    const flags = markScopes(tokens);
    const flagOf = (w: string) => flags[tokens.findIndex((t) => t.word === w)]!;
    expect(flagOf('contribute') & NEGATED).toBeTruthy();
    expect(flagOf('use')).toBe(0);
    expect(flagOf('host') & UNREAL).toBeTruthy();
  });

  it('reaches back to the subject when a negated copula dismisses it, and not otherwise', () => {
    const tokens = tokenize('Security is not a worry for us. Cost is not cheap.');
    const flags = markScopes(tokens);
    const flagOf = (w: string) => flags[tokens.findIndex((t) => t.word === w)]!;
    expect(flagOf('security') & NEGATED).toBeTruthy();
    expect(flagOf('cost') & NEGATED).toBeFalsy();
  });

  it('reads a whole clause about next year as a plan, words before the cue included', () => {
    const tokens = tokenize('Open sourcing our SDK is the plan for next year. Today we consume.');
    const flags = markScopes(tokens);
    const flagOf = (w: string) => flags[tokens.findIndex((t) => t.word === w)]!;
    expect(flagOf('sourcing') & UNREAL).toBeTruthy();
    expect(flagOf('consume') & UNREAL).toBeFalsy();
  });

  it('does not mistake ordinary words for contractions', () => {
    expect(tokenize('constructor toString hasOwnProperty').map((t) => t.word)).toEqual([
      'constructor',
      'tostring',
      'hasownproperty',
    ]);
  });
});

describe('tagging one answer', () => {
  it('does not give a motivator the answer dismisses, even when it is named first', () => {
    const said = tagger.tag({
      text: 'Security risk is our worry: every CVE in a dependency costs us a week.',
    });
    expect(ids(said.motivators)).toContain('security-risk');
    const dismissed = tagger.tag({ text: 'Security risk is not the reason we do this.' });
    expect(ids(dismissed.motivators)).not.toContain('security-risk');
  });

  it('does not take a launch planned for next year as leadership today', () => {
    const r = tagger.tag({
      text: 'Open sourcing our SDK and building a community around it is the plan for next year.',
    });
    expect(r.stage.id).not.toBe('stage-3');
  });

  it('finds petals, a stage with its equivalents in every model, and motivators, each with evidence', () => {
    const r = tagger.tag({
      text: 'We keep an SBOM for every release and run a licence scan, because customers ask about CVEs.',
      audience: 'manager',
    });
    expect(ids(r.petals)).toContain('legal');
    expect(r.stage.id).toBe('stage-1');
    expect(r.stage.equivalents).toEqual({
      'todo-ospo': 'stage-1',
      engagement: 'engagement-consumption',
      'corporate-adoption': 'adoption-repetitive',
    });
    expect(ids(r.motivators)).toEqual(expect.arrayContaining(['compliance', 'security-risk']));
    const legal = r.petals.find((p) => p.id === 'legal')!;
    expect(legal.confidence).toBeGreaterThan(0.5);
    expect(legal.evidence).toContainEqual(expect.objectContaining({ type: 'words', text: 'licence scan' }));
    expect(r.stage.evidence.some((e) => e.type === 'words' && e.text === 'SBOM')).toBe(true);
  });

  it('matches word stems and multi-word phrases', () => {
    const r = tagger.tag({ text: 'Our contributor licence agreements slow every pull request.' });
    const legal = r.petals.find((p) => p.id === 'legal');
    expect(legal?.evidence).toContainEqual(
      expect.objectContaining({ type: 'words', text: 'contributor licence agreements' }),
    );
    // One phrase is one piece of evidence, not three.
    expect(legal?.evidence.filter((e) => e.type === 'words' && /licen/i.test(e.text))).toHaveLength(1);
  });

  it('does not take "we don\'t contribute back" as evidence of contributing', () => {
    const denied = tagger.tag({ text: "We don't contribute back and we don't plan to." });
    const done = tagger.tag({ text: 'We contribute back to the projects we use.' });
    expect(done.stage.id).toBe('stage-2');
    expect(denied.stage.id).not.toBe('stage-2');
    // The signals the model reads mark the denial, and say so when they decide alone.
    const alone = signalsOnly.tag({ text: "We don't contribute back and we don't plan to." });
    expect(alone.stage.evidence).toContainEqual(expect.objectContaining({ weakened: 'negated' }));
  });

  it('does not take a wish as practice', () => {
    const wish = tagger.tag({ text: "We'd love to host our own project in a foundation one day." });
    expect(wish.stage.id).not.toBe('stage-3');
    // A wish beside the practice does not undo it.
    const both = tagger.tag({
      text: "We host three projects of our own on GitHub, with two maintainers paid to run them. We'd love to host more in a foundation one day.",
    });
    expect(both.stage.id).toBe('stage-3');
  });

  it('lets a negated motivator count for much less than a stated one', () => {
    const said = tagger.tag({ text: 'We worry about security every day.' });
    const denied = tagger.tag({ text: "We don't worry about security." });
    expect(ids(said.motivators)).toContain('security-risk');
    expect(ids(denied.motivators)).not.toContain('security-risk');
  });

  it('puts a self-chosen petal and motivators first, with full confidence, whatever the text says', () => {
    const text = 'Licence compliance and the CLA are all I think about.';
    const plain = tagger.tag({ text, audience: 'contributor' });
    expect(plain.petals[0]!.id).toBe('legal');
    const chosen = tagger.tag({
      text,
      audience: 'contributor',
      selfPetal: 'ecosystem',
      selfMotivators: ['reputation'],
    });
    expect(chosen.petals[0]).toMatchObject({ id: 'ecosystem', source: 'self', confidence: 1 });
    expect(chosen.petals[0]!.evidence[0]).toEqual({ type: 'self' });
    expect(chosen.motivators[0]).toMatchObject({ id: 'reputation', source: 'self', confidence: 1 });
    // The text's own findings stay beside the choice.
    expect(ids(chosen.petals)).toContain('legal');
    expect(ids(chosen.motivators)).toContain('compliance');
  });

  it('ignores self-chosen ids the taxonomy does not have', () => {
    const r = tagger.tag({ text: 'Hello', selfPetal: 'no-such-petal', selfMotivators: ['nope'] });
    expect(ids(r.petals)).not.toContain('no-such-petal');
    expect(ids(r.motivators)).not.toContain('nope');
  });

  it('gives a guessed stage low confidence, so staff review it, when the words say nothing about maturity', () => {
    const r = tagger.tag({ text: 'Fine, thanks.', audience: 'executive' });
    expect(r.stage.evidence).toEqual([{ type: 'guess' }]);
    expect(r.stage.confidence).toBeLessThan(REVIEW_BELOW);
    expect(r.confidence).toBeLessThan(REVIEW_BELOW);
    const alone = signalsOnly.tag({ text: 'Fine, thanks.', audience: 'executive' });
    expect(alone.stage.evidence).toEqual([{ type: 'default' }]);
    expect(alone.stage.confidence).toBeLessThan(0.2);
  });

  it("quotes the model's words exactly as the answer has them, and marks the ones it negates", () => {
    const text = "We don't really CONTRIBUTE back, but our SDK ships on GitHub with a public roadmap.";
    const r = tagger.tag({ text });
    const quotes = [r.stage, ...r.petals, ...r.motivators].flatMap((t) =>
      t.evidence.filter((e) => e.type === 'model' || e.type === 'words'),
    );
    expect(quotes.length).toBeGreaterThan(0);
    for (const e of quotes) expect(text).toContain((e as { text: string }).text);
    const denied = tagger.tag({ text: "We don't really contribute back." });
    const negated = denied.stage.evidence.filter((e) => e.type === 'model' && e.weakened === 'negated');
    expect(negated.map((e) => (e as { text: string }).text)).toContain('contribute');
  });

  it("gives a motivator only past the model's threshold and with something in the answer behind it", () => {
    const model = loadModel();
    let wordsOnly = 0;
    for (const a of loadLabelledAnswers(taxonomy)) {
      for (const m of tagger.tag({ text: a.text, question: a.question, audience: a.audience }).motivators) {
        expect(m.confidence).toBeGreaterThanOrEqual(
          model.thresholds[model.indexOf('motivator', m.id)!]! - 0.005,
        );
        expect(m.evidence.length).toBeGreaterThan(0);
        expect(m.evidence.some((e) => e.type === 'guess')).toBe(false);
        if (m.evidence.every((e) => e.type === 'model')) wordsOnly++;
      }
    }
    // The model's words alone can carry a motivator the taxonomy's signal words miss.
    expect(wordsOnly).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    const input = {
      text: 'InnerSource across business units saves cost; we upstream fixes.',
      audience: 'executive',
    };
    expect(JSON.stringify(tagger.tag(input))).toBe(JSON.stringify(loadTagger(taxonomy).tag(input)));
  });
});

describe('a taxonomy with a seventh petal', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'taxonomy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tags the new petal from its own signals, with no code change', () => {
    for (const f of ['petals.yml', 'maturity-models.yml', 'motivators.yml']) {
      writeFileSync(path.join(dir, f), readFileSync(path.join('data/taxonomy', f), 'utf8'));
    }
    writeFileSync(
      path.join(dir, 'petals.yml'),
      `${readFileSync(path.join(dir, 'petals.yml'), 'utf8')}
  - id: security-office
    name: Security Office
    summary: The security team's view of open source
    description: How the security office sees the open source the organisation runs.
    signals:
      - pen test*
      - red team*
      - threat model*
`,
    );
    const seven = loadTaxonomy(dir);
    expect(seven.petals).toHaveLength(7);
    const r = createTagger(seven).tag({ text: 'Our red team threat-models every new dependency.' });
    expect(r.petals[0]).toMatchObject({ id: 'security-office', source: 'auto' });
    expect(r.petals[0]!.evidence).toContainEqual(expect.objectContaining({ text: 'red team' }));
  });
});
