import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

/** The repository root, so that data paths work whatever the working directory is. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A path into parsed YAML, as zod reports it: keys and sequence indexes. */
export type DataPath = readonly PropertyKey[];

/** One thing wrong with a data file, located as precisely as the file allows. */
export interface DataFileProblem {
  /** Where in the data, e.g. `petals[3].id`; empty for the whole file. */
  where: string;
  /** 1-based line and column in the file, when the place exists in it. */
  line?: number;
  col?: number;
  message: string;
}

const MAX_LISTED_PROBLEMS = 20;

/**
 * A data file (taxonomy, question set) that cannot be used. Its message lists every problem found, one line each,
 * in the form `file:line:col: where: what is wrong`, so that the start can stop with something an editor can act on.
 */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
  constructor(
    /** The file, relative to the repository root when it lies inside it. */
    readonly file: string,
    readonly problems: readonly DataFileProblem[],
  ) {
    super(formatProblems(file, problems));
  }
}

function formatProblems(file: string, problems: readonly DataFileProblem[]): string {
  const lines = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => {
    const place = p.line === undefined ? file : `${file}:${p.line}:${p.col ?? 1}`;
    return p.where ? `${place}: ${p.where}: ${p.message}` : `${place}: ${p.message}`;
  });
  const more = problems.length - MAX_LISTED_PROBLEMS;
  if (more > 0) lines.push(`${file}: … and ${more} more problem${more === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/** The path shown in messages: relative to the repository root when the file is inside it. */
export function displayPath(absolutePath: string): string {
  const rel = path.relative(repoRoot, absolutePath);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : absolutePath;
}

/** Renders `['petals', 3, 'id']` as `petals[3].id`. */
export function formatDataPath(dataPath: DataPath): string {
  let out = '';
  for (const key of dataPath) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][\w-]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** A problem found after parsing (duplicates, dangling references), before it is located in the file. */
export interface DataIssue {
  path: DataPath;
  message: string;
}

/** A parsed and validated YAML file that can still point at places in its text. */
export interface LoadedYaml<T> {
  /** Absolute path of the file. */
  path: string;
  /** Path used in messages. */
  file: string;
  data: T;
  /** An error naming this file and the line of each issue's place (or of its nearest existing parent). */
  error(issues: readonly DataIssue[]): DataFileError;
}

/**
 * Reads a YAML file and validates it with a zod schema. Syntax errors, schema errors and missing files all become
 * one DataFileError naming the file and each place.
 */
export function loadYaml<S extends z.ZodType>(absolutePath: string, schema: S): LoadedYaml<z.output<S>> {
  const file = displayPath(absolutePath);
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`;
    throw new DataFileError(file, [{ where: '', message: why }]);
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new DataFileError(
      file,
      doc.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        const why =
          e.code === 'MULTIPLE_DOCS'
            ? 'the file holds more than one document (a second "---"); keep one'
            : e.message;
        return { where: '', line, col, message: `YAML syntax error: ${why}` };
      }),
    );
  }

  const locate = (issues: readonly DataIssue[]): DataFileProblem[] =>
    issues.map((issue) => ({
      ...positionOf(doc, lineCounter, issue.path),
      where: formatDataPath(issue.path),
      message: issue.message,
    }));

  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // yaml refuses documents whose aliases would expand without bound ("billion laughs").
    throw new DataFileError(file, [{ where: '', message: `YAML error: ${(err as Error).message}` }]);
  }
  if (raw === null || raw === undefined) {
    throw new DataFileError(file, [{ where: '', message: 'the file is empty' }]);
  }
  const result = schema.safeParse(raw, { error: explainIssue });
  if (!result.success) {
    throw new DataFileError(
      file,
      locate(result.error.issues.map((i) => ({ path: i.path, message: i.message }))),
    );
  }
  return {
    path: absolutePath,
    file,
    data: result.data,
    error: (issues) => new DataFileError(file, locate(issues)),
  };
}

function positionOf(
  doc: Document,
  lineCounter: LineCounter,
  dataPath: DataPath,
): { line?: number; col?: number } {
  // A missing field has no node of its own: point at the closest parent that exists.
  for (let n = dataPath.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(dataPath.slice(0, n) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]);
  }
  return {};
}

/** zod's issue, as seen by an error customiser (the fields used here are present in zod 4). */
interface RawIssue {
  code?: string;
  input?: unknown;
  expected?: string;
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  values?: readonly unknown[];
  keys?: readonly string[];
  format?: string;
  inst?: unknown;
}

/** Messages written for the person editing the file rather than for a programmer. */
function explainIssue(issue: RawIssue): string | undefined {
  const input = issue.input;
  if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value'))
    return 'required field is missing';
  switch (issue.code) {
    case 'invalid_type':
      return `should be ${describeExpected(issue.expected)}, not ${describeValue(input)}`;
    case 'too_big':
      if (issue.origin === 'string' && typeof input === 'string')
        return `is ${input.length} characters long; the limit is ${issue.maximum}`;
      if (issue.origin === 'array' && Array.isArray(input))
        return `has ${input.length} entries; at most ${issue.maximum} are allowed`;
      return `is ${String(input)}; the most allowed is ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1 ? 'must not be empty' : `needs at least ${issue.minimum} characters`;
      if (issue.origin === 'array')
        return issue.minimum === 1 ? 'needs at least one entry' : `needs at least ${issue.minimum} entries`;
      return `is ${String(input)}; the least allowed is ${issue.minimum}`;
    case 'invalid_value':
      return `is ${JSON.stringify(input)}; expected one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys': {
      const keys = issue.keys ?? [];
      const known = knownKeys(issue.inst);
      const list = keys.map((k) => `"${k}"`).join(', ');
      const hint = known.length > 0 ? ` (allowed here: ${known.join(', ')})` : '';
      return `unknown field${keys.length === 1 ? '' : 's'} ${list}${hint}`;
    }
    default:
      return undefined;
  }
}

function knownKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def
    ?.shape;
  return shape ? Object.keys(shape) : [];
}

function describeExpected(expected: string | undefined): string {
  switch (expected) {
    case 'object':
      return 'a mapping of "key: value" lines';
    case 'array':
      return 'a list';
    case 'string':
      return 'text';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${expected ?? 'different value'}`;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

// ---- Field rules shared by every data file --------------------------------------------------------------------

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** An id: lowercase words joined by hyphens (it ends up in Slack values and block ids). */
export function slugId(max: number) {
  return z.string().min(1).max(max).regex(SLUG, {
    error: 'must be lowercase letters and digits joined by single hyphens, like "open-source-office"',
  });
}

/** Trimmed, non-empty text with an upper bound, usually a Slack limit. */
export function text(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .refine((s) => s.trim() === s, {
      error:
        'must not start or end with spaces or blank lines (for text over several lines, write ">-" or "|-")',
    });
}

/**
 * Issues for every entry whose key repeats an earlier one, placed at the repeat (`petals[3].id: duplicate id "legal"
 * (first used at petals[1])`). `compare` lets callers make the check case-insensitive.
 */
export function duplicateIssues<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  pathOf: (index: number) => DataPath,
  what = 'id',
  compare: (key: string) => string = (k) => k,
): DataIssue[] {
  const first = new Map<string, number>();
  const issues: DataIssue[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    const seen = first.get(compare(key));
    if (seen === undefined) first.set(compare(key), index);
    else
      issues.push({
        path: pathOf(index),
        message: `duplicate ${what} "${key}" (first used at ${formatDataPath(pathOf(seen))})`,
      });
  });
  return issues;
}
