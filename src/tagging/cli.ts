/**
 * The command-line tagger.
 *
 *   npm run tag < answers.jsonl > tags.jsonl
 *       One JSON object per line in: {"id": …, "text": "…", "audience": "manager|executive|contributor"}
 *       (optional: "question", "petal" and "motivators" the person chose). One JSON line out per good line, in
 *       order, with petals, stage (and its equivalents in the other maturity models), motivators, confidences and
 *       evidence. Malformed lines are reported on stderr with their line number and skipped.
 *   npm run tag -- --import notes.csv
 *       Loads earlier interview notes (columns person, audience, question, answer, date) into the database as a
 *       campaign of their own, tagged. Progress and skipped lines on stderr. Importing the same file twice adds
 *       nothing the second time.
 *   npm run tag -- --retag [--all]
 *       Re-tags every answer not tagged by the current taxonomy (after editing data/taxonomy); a second run finds
 *       nothing to do. --all re-tags every answer, to apply what staff taught the tagger to older answers.
 *
 * The database is DATABASE_PATH (default data/ospo-survey.db), or --db FILE. Plain tagging reads it only for what
 * staff taught the tagger, and only when it exists (--no-db: the taxonomy alone).
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { AUDIENCES, isAudience } from '../interviews/audience.js';
import { type Db, openDatabase } from '../store/db.js';
import { argsOrExitCode, optionValue } from './cliArgs.js';
import { ImportError, importNotesFile } from './importNotes.js';
import { currentTagger, retag, shippedTagger } from './service.js';
import type { Tagger } from './tagger.js';
import { loadTaxonomy, type Taxonomy } from './taxonomy.js';
import type { TagInput } from './types.js';

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

const USAGE = `usage:
  npm run tag [-- --db FILE | --no-db] < answers.jsonl     tag JSON Lines: {"id", "text", "audience"} per line
  npm run tag -- --import FILE.csv [--db FILE]             load notes (person, audience, question, answer, date)
  npm run tag -- --retag [--all] [--db FILE]               re-tag answers after a taxonomy change
`;

interface Args {
  mode: 'stdin' | 'import' | 'retag' | 'help';
  file?: string;
  db?: string;
  noDb: boolean;
  all: boolean;
}

export function parseCliArgs(argv: readonly string[]): Args | string {
  const args: Args = { mode: 'stdin', noDb: false, all: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') args.mode = 'help';
    else if (a === '--import') {
      const file = optionValue(argv, i++);
      if (!file) return '--import needs a file: --import notes.csv';
      args.mode = 'import';
      args.file = file;
    } else if (a === '--retag') args.mode = 'retag';
    else if (a === '--all') args.all = true;
    else if (a === '--db') {
      const file = optionValue(argv, i++);
      if (!file) return '--db needs a file';
      args.db = file;
    } else if (a === '--no-db') args.noDb = true;
    else return `unknown option ${a}`;
  }
  if (args.all && args.mode !== 'retag') return '--all goes with --retag';
  return args;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = argsOrExitCode(parseCliArgs(argv), USAGE, io);
  if (typeof args === 'number') return args;
  const taxonomy = loadTaxonomy(io.env.TAXONOMY_DIR || undefined);
  const dbPath = args.db ?? io.env.DATABASE_PATH ?? 'data/ospo-survey.db';
  const now = () => new Date();

  if (args.mode === 'stdin') {
    const db = !args.noDb && existsSync(dbPath) ? openDatabase(dbPath) : undefined;
    try {
      const tagger = db ? currentTagger(db, taxonomy).tagger : shippedTagger(taxonomy);
      return await tagLines(tagger, taxonomy, io);
    } finally {
      db?.close();
    }
  }

  let db: Db;
  try {
    db = openDatabase(dbPath);
  } catch (err) {
    io.stderr.write(`cannot open the database ${dbPath}: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    if (args.mode === 'import') {
      const progress = progressWriter(io.stderr, 'tagged');
      const result = await importNotesFile(db, taxonomy, args.file!, { at: now, onProgress: progress });
      for (const p of result.problems)
        io.stderr.write(`${args.file}: line ${p.line}: ${p.message}; skipped\n`);
      if (result.alreadyImported) {
        io.stderr.write(
          `${args.file} was imported before, as campaign "${result.campaignName}": nothing added\n`,
        );
        return 0;
      }
      io.stderr.write(
        `imported ${result.answers} notes from ${result.people} people as campaign "${result.campaignName}"` +
          `${result.campaignId ? ` (#${result.campaignId})` : ''}; ${result.tagged} tagged` +
          `${result.problems.length > 0 ? `; ${result.problems.length} line(s) reported above` : ''}\n`,
      );
      return result.answers > 0 || result.problems.length === 0 ? 0 : 1;
    }
    const progress = progressWriter(io.stderr, 'checked');
    const counts = await retag(db, taxonomy, now, { all: args.all, onBatch: (done) => progress(done) });
    io.stderr.write(
      `re-tagged ${counts.tagged} answers (taxonomy ${taxonomy.version}, ${taxonomy.fingerprint})\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof ImportError) {
      io.stderr.write(`${args.file}: ${err.message}; nothing imported\n`);
      return 2;
    }
    throw err;
  } finally {
    db.close();
  }
}

/** Progress on stderr: rewritten in place on a terminal, one line per tenth otherwise. */
function progressWriter(stderr: NodeJS.WritableStream, verb: string) {
  const tty = (stderr as { isTTY?: boolean }).isTTY === true;
  let lastTenth = -1;
  return (done: number, total?: number) => {
    const text = total ? `${verb} ${done}/${total}` : `${verb} ${done}`;
    if (tty) stderr.write(`\r${text}${total && done >= total ? '\n' : ''}`);
    else {
      const tenth = total ? Math.floor((done / total) * 10) : done;
      if (tenth !== lastTenth) stderr.write(`${text}\n`);
      lastTenth = tenth;
    }
  };
}

/** Reads JSON Lines, writes one result line per good input line; returns the exit code. */
export async function tagLines(tagger: Tagger, taxonomy: Taxonomy, io: CliIo): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  let skipped = 0;
  let written = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    const parsed = parseInputLine(line, taxonomy);
    if (typeof parsed === 'string') {
      skipped++;
      io.stderr.write(`line ${n}: ${parsed}; skipped\n`);
      continue;
    }
    const r = tagger.tag(parsed.input);
    const out = { id: parsed.id, ...r };
    // Respect back-pressure: a slow reader of stdout must not make us buffer the whole result in memory.
    if (!io.stdout.write(`${JSON.stringify(out)}\n`))
      await new Promise((resolve) => io.stdout.once('drain', resolve));
    written++;
  }
  io.stderr.write(
    `tagged ${written} answer${written === 1 ? '' : 's'}${skipped ? `, skipped ${skipped} malformed line${skipped === 1 ? '' : 's'}` : ''}\n`,
  );
  return 0;
}

/** One input line as tagger input, or why it cannot be used. */
export function parseInputLine(line: string, taxonomy: Taxonomy): { id: unknown; input: TagInput } | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'expected a JSON object';
  const o = value as Record<string, unknown>;
  if (!('id' in o) || (typeof o.id !== 'string' && typeof o.id !== 'number'))
    return '"id" must be a string or a number';
  if (typeof o.text !== 'string' || o.text.trim() === '') return '"text" must be non-empty text';
  if (o.audience !== undefined && o.audience !== null && !isAudience(o.audience)) {
    return `"audience" must be one of ${AUDIENCES.join(', ')}`;
  }
  if (o.question !== undefined && typeof o.question !== 'string') return '"question" must be text';
  if (
    o.petal !== undefined &&
    o.petal !== null &&
    (typeof o.petal !== 'string' || !taxonomy.petalById(o.petal))
  ) {
    return `"petal" must be one of ${taxonomy.petals.map((p) => p.id).join(', ')}`;
  }
  if (o.motivators !== undefined) {
    if (
      !Array.isArray(o.motivators) ||
      o.motivators.some((m) => typeof m !== 'string' || !taxonomy.motivatorById(m))
    ) {
      return '"motivators" must be a list of motivator ids from data/taxonomy/motivators.yml';
    }
  }
  return {
    id: o.id,
    input: {
      text: o.text,
      ...(typeof o.question === 'string' ? { question: o.question } : {}),
      ...(isAudience(o.audience) ? { audience: o.audience } : {}),
      ...(typeof o.petal === 'string' ? { selfPetal: o.petal } : {}),
      ...(Array.isArray(o.motivators) ? { selfMotivators: o.motivators as string[] } : {}),
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCli(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}
