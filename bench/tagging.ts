/**
 * Tagging throughput: answers tagged per second on one core (the tagger is synchronous, so one Node thread is one
 * core) and the peak memory of the process. The corpus mixes sentences of the labelled answers into new answers
 * of one to six sentences, so the word cache sees realistic reuse but not the same texts over and over. A second
 * run adds a learner with 500 staff-corrected examples, as a busy installation would have.
 *
 *   npx tsx bench/tagging.ts [answers]      (default 200,000)
 *   taskset -c 0 npx tsx bench/tagging.ts  to pin it to one CPU
 */
import { pathToFileURL } from 'node:url';
import { AUDIENCES } from '../src/interviews/audience.js';
import { seededRandom } from '../src/sandbox/emulator/random.js';
import { loadLabelledAnswers } from '../src/tagging/labelled.js';
import { createLearner } from '../src/tagging/learner.js';
import { loadTagger } from '../src/tagging/loadTagger.js';
import { stem } from '../src/tagging/stem.js';
import type { Tagger } from '../src/tagging/tagger.js';
import { loadTaxonomy } from '../src/tagging/taxonomy.js';

export interface TaggingBenchResult {
  answers: number;
  /** Mean characters per answer. */
  meanLength: number;
  /** Per CPU-second of the one thread's work (see timeTagging): the shipped tagger, signals and model. */
  perSecond: number;
  /** The same without the trained model, for comparison. */
  perSecondSignalsOnly: number;
  perSecondWithLearner: number;
  /** Per wall-clock second: lower than the above when other programs share the CPU. */
  wallPerSecond: number;
  wallPerSecondWithLearner: number;
  learnerExamples: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  target: number;
  meetsTarget: boolean;
}

export const TARGET_PER_SECOND = 20_000;

function corpus(sentences: string[], size: number): { text: string; audience: string }[] {
  // Seeded, so every run tags the same corpus.
  const next = seededRandom(42);
  const out: { text: string; audience: string }[] = [];
  for (let i = 0; i < size; i++) {
    const n = 1 + Math.floor(next() * 6);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) parts.push(sentences[Math.floor(next() * sentences.length)]!);
    out.push({ text: parts.join(' '), audience: AUDIENCES[i % AUDIENCES.length]! });
  }
  return out;
}

/**
 * Answers per second of CPU time used by the process (all its threads, the garbage collector's included), so the
 * figure holds on a busy machine where wall time would also count other programs' turns; wall-clock rate beside.
 */
function timeTagging(
  tagger: Tagger,
  items: { text: string; audience: string }[],
  peak: () => void,
): { cpu: number; wall: number } {
  // Warm up the JIT and the word caches on a slice first, as a long-running worker would be.
  for (let i = 0; i < Math.min(5_000, items.length); i++) tagger.tag(items[i]!);
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < items.length; i++) {
    tagger.tag(items[i]!);
    if ((i & 0x3fff) === 0) peak();
  }
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpuStart);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { cpu: Math.round(items.length / cpuSeconds), wall: Math.round(items.length / wallSeconds) };
}

export async function run(options: { answers?: number } = {}): Promise<TaggingBenchResult> {
  const size = options.answers ?? 200_000;
  const taxonomy = loadTaxonomy();
  const labelled = loadLabelledAnswers(taxonomy);
  const sentences = labelled.flatMap((a) => a.text.split(/(?<=[.!?])\s+/));
  const items = corpus(sentences, size);
  const meanLength = Math.round(items.reduce((n, x) => n + x.text.length, 0) / items.length);

  let peakRss = 0;
  let peakHeap = 0;
  const peak = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  peak();

  const signalsOnly = timeTagging(loadTagger(taxonomy, { model: null }), items, peak);
  const plain = timeTagging(loadTagger(taxonomy), items, peak);

  const examples = corpus(sentences, 500).map((x, i) => {
    const gold = labelled[i % labelled.length]!;
    return {
      answerId: i + 1,
      text: x.text,
      petals: gold.petals,
      stage: gold.stage,
      motivators: gold.motivators,
    };
  });
  const learner = createLearner(examples, stem);
  const learned = timeTagging(loadTagger(taxonomy, { learner }), items, peak);
  peak();

  return {
    answers: size,
    meanLength,
    perSecondSignalsOnly: signalsOnly.cpu,
    perSecond: plain.cpu,
    perSecondWithLearner: learned.cpu,
    wallPerSecond: plain.wall,
    wallPerSecondWithLearner: learned.wall,
    learnerExamples: examples.length,
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    peakHeapMiB: Math.round(peakHeap / 2 ** 20),
    target: TARGET_PER_SECOND,
    meetsTarget: plain.cpu >= TARGET_PER_SECOND && learned.cpu >= TARGET_PER_SECOND,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const answers = process.argv[2] ? Number(process.argv[2]) : undefined;
  const r = await run(answers ? { answers } : {});
  process.stdout.write(
    [
      `tagging: ${r.answers.toLocaleString('en')} answers of ${r.meanLength} characters on average, one thread`,
      `  signals and trained model:      ${r.perSecond.toLocaleString('en')} answers per CPU-second (${r.wallPerSecond.toLocaleString('en')}/s wall clock)`,
      `  plus ${r.learnerExamples} staff-corrected examples: ${r.perSecondWithLearner.toLocaleString('en')} answers per CPU-second (${r.wallPerSecondWithLearner.toLocaleString('en')}/s wall clock)`,
      `  (signals alone, no model:       ${r.perSecondSignalsOnly.toLocaleString('en')} answers per CPU-second)`,
      `  peak memory: ${r.peakRssMiB} MiB resident, ${r.peakHeapMiB} MiB heap`,
      `  target ≥ ${r.target.toLocaleString('en')}/s: ${r.perSecond >= r.target ? 'met' : 'NOT met'} by the shipped tagger, ${r.perSecondWithLearner >= r.target ? 'met' : 'NOT met'} with ${r.learnerExamples} staff examples`,
      '',
    ].join('\n'),
  );
}
