/**
 * `npm run eval`: tags the labelled answers and prints precision, recall and F1 per label and the macro-F1 of
 * petals, stages and motivators, for the dev split (trained and tuned on), the held-out test split (the honest
 * figure), and both.
 * `npm run eval -- --split test` prints one split; `--json` prints the figures as JSON.
 */
import { pathToFileURL } from 'node:url';
import { type Evaluation, evaluateSplits } from './evaluate.js';
import { loadLabelledAnswers } from './labelled.js';
import { loadTagger } from './loadTagger.js';
import type { KindScore } from './metrics.js';
import { loadTaxonomy } from './taxonomy.js';

const pct = (x: number) => x.toFixed(3);

function printKind(name: string, k: KindScore, out: string[]): void {
  out.push(`  ${name}: macro-F1 ${pct(k.macroF1)}  (exact sets ${pct(k.exact)})`);
  out.push(
    `    ${'label'.padEnd(28)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'n'.padStart(4)}`,
  );
  for (const l of k.labels) {
    out.push(
      `    ${l.label.padEnd(28)} ${pct(l.precision).padStart(6)} ${pct(l.recall).padStart(6)} ${pct(l.f1).padStart(6)} ${String(l.support).padStart(4)}`,
    );
  }
}

export function formatEvaluation(name: string, e: Evaluation): string {
  const out = [`${name} (${e.count} answers)`];
  printKind('petals', e.petals, out);
  printKind('stage', e.stage, out);
  printKind('motivators', e.motivators, out);
  return out.join('\n');
}

export function main(argv: string[]): number {
  const taxonomy = loadTaxonomy();
  const answers = loadLabelledAnswers(taxonomy);
  const result = evaluateSplits(loadTagger(taxonomy), answers);
  const splitArg = argv.indexOf('--split');
  const only = splitArg >= 0 ? argv[splitArg + 1] : undefined;
  if (only && only !== 'dev' && only !== 'test' && only !== 'all') {
    process.stderr.write('--split takes dev, test or all\n');
    return 2;
  }
  if (argv.includes('--json')) {
    const summary = Object.fromEntries(
      Object.entries(result).map(([k, e]) => [
        k,
        {
          count: e.count,
          petals: e.petals.macroF1,
          stage: e.stage.macroF1,
          motivators: e.motivators.macroF1,
        },
      ]),
    );
    process.stdout.write(`${JSON.stringify(only ? summary[only] : summary, null, 2)}\n`);
    return 0;
  }
  const names = only ? [only as 'dev' | 'test' | 'all'] : (['dev', 'test', 'all'] as const);
  for (const n of names) process.stdout.write(`${formatEvaluation(n, result[n])}\n\n`);
  process.stdout.write('macro-F1        petals  stage   motivators   (dev: trained on; test: held out)\n');
  for (const n of ['dev', 'test', 'all'] as const) {
    const e = result[n];
    process.stdout.write(
      `  ${n.padEnd(13)} ${pct(e.petals.macroF1)}   ${pct(e.stage.macroF1)}   ${pct(e.motivators.macroF1)}\n`,
    );
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exitCode = main(process.argv.slice(2));
