import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { createLogger, type Logger } from '../../logger.js';

/**
 * The bot's log for a sandbox run, in a file rather than on stdout so the story stays readable. Same JSON lines
 * and the same redaction: it is src/logger.ts's logger with a file as its destination.
 */
export function fileLogger(file: string, level: string): Logger {
  // Synchronous, so the last lines are on disk when the run exits.
  return createLogger(level, 'ospo-survey', pino.destination({ dest: file, sync: true, mkdir: true }));
}

export interface LoggedError {
  msg: string;
  err?: string;
}

/** The error and fatal lines of a log file written by fileLogger. */
export function loggedErrors(file: string): LoggedError[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: LoggedError[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } | string };
      if ((entry.level ?? 0) < 50) continue;
      const err = typeof entry.err === 'string' ? entry.err : entry.err?.message;
      out.push({ msg: entry.msg ?? '', ...(err ? { err } : {}) });
    } catch {
      // A torn last line (the process was killed mid-write) says nothing useful.
    }
  }
  return out;
}
