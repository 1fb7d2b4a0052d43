import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { isAudience } from '../interviews/audience.js';
import type { Db } from '../store/db.js';
import { findImportedCampaign, type ImportedPerson, insertImportedNotes } from '../store/importedNotes.js';
import { getAnswerToTag } from '../store/tags.js';
import { currentTagger, tagOne } from './service.js';
import type { Taxonomy } from './taxonomy.js';

/** Columns the file must have, in any order and case. */
export const IMPORT_COLUMNS = ['person', 'audience', 'question', 'answer', 'date'] as const;

export interface ImportProblem {
  /** 1-based line in the file where the record starts. */
  line: number;
  message: string;
}

export interface ParsedNotes {
  people: ImportedPerson[];
  rows: number;
  problems: ImportProblem[];
  firstDate: string;
  lastDate: string;
}

/** Thrown when the file cannot be used at all (missing columns, unreadable): nothing is imported. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A note's date as an ISO instant (dates alone are taken as midnight UTC), or undefined when it is no date. */
export function parseNoteDate(value: string): string | undefined {
  const m = DATE.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${zone ? zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z'}`;
  const date = new Date(iso);
  // Reject dates the calendar does not have (2025-02-30): Date rolls them over silently.
  if (Number.isNaN(date.getTime()) || (!zone && date.toISOString().slice(0, 10) !== `${y}-${mo}-${d}`))
    return undefined;
  return date.toISOString();
}

/**
 * Reads the notes: one record per note, grouped by person. Records that cannot be used (a broken CSV record, a
 * missing field, an unknown audience, a date that is no date) are reported with their line and skipped.
 */
export async function parseNotes(csv: string): Promise<ParsedNotes> {
  const problems: ImportProblem[] = [];
  const byPerson = new Map<string, ImportedPerson>();
  let rows = 0;
  let firstDate = '';
  let lastDate = '';
  let columnsChecked = false;

  const parser = parse(csv, {
    bom: true,
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim().toLowerCase());
      const missing = IMPORT_COLUMNS.filter((c) => !names.includes(c));
      if (missing.length > 0) {
        throw new ImportError(
          `the first line must name the columns ${IMPORT_COLUMNS.join(', ')}; missing: ${missing.join(', ')}`,
        );
      }
      columnsChecked = true;
      return names;
    },
    info: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    relax_quotes: false,
  });
  parser.on('skip', (err: Error & { lines?: number }) => {
    problems.push({ line: err.lines ?? 0, message: `not a valid CSV record (${err.message})` });
  });

  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string | undefined>;
      info: { lines: number; records: number };
    }>) {
      const line = lineOf(info);
      const field = (name: string) => (record[name] ?? '').trim();
      const missing = IMPORT_COLUMNS.filter((c) => field(c) === '');
      if (missing.length > 0) {
        problems.push({ line, message: `empty ${missing.join(', ')}` });
        continue;
      }
      const audience = field('audience').toLowerCase();
      if (!isAudience(audience)) {
        problems.push({
          line,
          message: `audience "${truncate(field('audience'))}" is not one of manager, executive, contributor`,
        });
        continue;
      }
      const at = parseNoteDate(field('date'));
      if (!at) {
        problems.push({ line, message: `date "${truncate(field('date'))}" is not a date like 2024-03-18` });
        continue;
      }
      rows++;
      const person = field('person');
      let p = byPerson.get(person);
      if (!p) {
        p = { person, audience, answeredAt: at, notes: [] };
        byPerson.set(person, p);
      } else if (p.audience !== audience) {
        problems.push({
          line,
          message: `${truncate(person)} was given as ${p.audience} on an earlier line; kept as ${p.audience}`,
        });
      }
      p.notes.push({ line, question: field('question'), answer: field('answer'), at });
      if (at > p.answeredAt) p.answeredAt = at;
      if (!firstDate || at < firstDate) firstDate = at;
      if (!lastDate || at > lastDate) lastDate = at;
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`cannot read the file as CSV: ${(err as Error).message}`);
  }
  if (!columnsChecked && rows === 0 && problems.length === 0) throw new ImportError('the file is empty');
  return { people: [...byPerson.values()], rows, problems, firstDate, lastDate };
}

/** The line a record starts on: csv-parse counts the lines read so far, which is where the record ends. */
function lineOf(info: { lines: number }): number {
  return info.lines;
}

function truncate(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export interface ImportResult {
  /** Undefined when the file had been imported before (then `alreadyImported` names that campaign). */
  campaignId?: number;
  campaignName: string;
  alreadyImported: boolean;
  people: number;
  answers: number;
  tagged: number;
  problems: ImportProblem[];
}

export interface ImportOptions {
  at: () => Date;
  /** Called as answers are tagged. */
  onProgress?: (done: number, total: number) => void;
}

/** Imports a CSV file of earlier notes as a campaign of its own and tags every note. */
export async function importNotesFile(
  db: Db,
  taxonomy: Taxonomy,
  file: string,
  options: ImportOptions,
): Promise<ImportResult> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read (${code})`);
  }
  const requestKey = `import-${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}`;
  const name = `Notes from ${path.basename(file)}`.slice(0, 120);
  const earlier = findImportedCampaign(db, requestKey);
  const parsed = await parseNotes(bytes.toString('utf8'));
  if (earlier) {
    return {
      campaignName: earlier.name,
      alreadyImported: true,
      people: parsed.people.length,
      answers: parsed.rows,
      tagged: 0,
      problems: parsed.problems,
    };
  }
  if (parsed.rows === 0) {
    return {
      campaignName: name,
      alreadyImported: false,
      people: 0,
      answers: 0,
      tagged: 0,
      problems: parsed.problems,
    };
  }
  const { campaignId, answerIds } = insertImportedNotes(
    db,
    {
      name,
      requestKey,
      startDate: parsed.firstDate.slice(0, 10),
      dueDate: parsed.lastDate.slice(0, 10),
      at: options.at(),
    },
    parsed.people,
  );

  const current = currentTagger(db, taxonomy);
  let tagged = 0;
  const batch = 200;
  for (let i = 0; i < answerIds.length; i += batch) {
    const at = options.at();
    db.transaction(() => {
      for (const id of answerIds.slice(i, i + batch)) {
        const answer = getAnswerToTag(db, id);
        if (answer && tagOne(db, current, taxonomy, answer, at) === 'tagged') tagged++;
      }
    }).immediate();
    options.onProgress?.(Math.min(i + batch, answerIds.length), answerIds.length);
  }
  return {
    campaignId,
    campaignName: name,
    alreadyImported: false,
    people: parsed.people.length,
    answers: answerIds.length,
    tagged,
    problems: parsed.problems,
  };
}
