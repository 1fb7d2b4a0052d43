import { stringify } from 'csv-stringify/sync';
import type { ExportAnswerRow, ExportTagRow } from '../store/exportRows.js';

/**
 * The staff export: answers and tags as CSV (for spreadsheets) and JSON (for scripts), honouring each person's
 * consent. Ordinary exports name only people who chose to be quoted by name, and leave out the words of people who
 * chose not to be quoted at all (their tags stay: they are the organisation's evidence, not their words). An
 * internal export, for staff who asked for it explicitly, keeps everything.
 */

export interface ExportOptions {
  internal: boolean;
  generatedAt: Date;
}

export interface ExportFiles {
  answersCsv: string;
  tagsCsv: string;
  json: string;
  counts: { interviews: number; answers: number; tags: number; withheldTexts: number };
}

export const WITHHELD = '[withheld: this person did not agree to be quoted]';

interface Person {
  /** How the person appears: their Slack ID and name, or a pseudonym. */
  ref: string;
  name: string | null;
  mayQuote: boolean;
}

export function buildExport(
  answers: readonly ExportAnswerRow[],
  tags: readonly ExportTagRow[],
  options: ExportOptions,
): ExportFiles {
  // Pseudonyms are numbered in export order, so they say nothing about IDs in the database.
  const people = new Map<number, Person>();
  let pseudonyms = 0;
  const personOf = (row: ExportAnswerRow): Person => {
    let person = people.get(row.interviewId);
    if (!person) {
      const named = options.internal || row.consent === 'name';
      pseudonyms += named ? 0 : 1;
      person = {
        ref: named ? row.userId : `person-${pseudonyms}`,
        name: named ? row.personName : null,
        mayQuote: options.internal || row.consent === 'name' || row.consent === 'anonymous',
      };
      people.set(row.interviewId, person);
    }
    return person;
  };

  const tagsByAnswer = new Map<number, ExportTagRow[]>();
  for (const t of tags) {
    const list = tagsByAnswer.get(t.answerId) ?? [];
    list.push(t);
    tagsByAnswer.set(t.answerId, list);
  }
  const exported = new Set(answers.map((a) => a.answerId));
  let withheldTexts = 0;

  const answerRecords = answers.map((row) => {
    const person = personOf(row);
    const text = person.mayQuote ? row.text : row.text === null ? null : WITHHELD;
    if (!person.mayQuote && row.text !== null) withheldTexts++;
    return { row, person, text, tags: tagsByAnswer.get(row.answerId) ?? [] };
  });

  const answersCsv = stringify(
    answerRecords.map(({ row, person, text, tags: t }) => [
      row.campaignId,
      row.campaignName,
      person.ref,
      person.name ?? '',
      row.audience,
      row.consent ?? '',
      row.petalId ?? '',
      parseIds(row.motivatorIds).join(' '),
      row.questionId,
      row.question,
      text ?? '',
      row.answeredAt,
      t.map((x) => `${x.kind}:${x.label}`).join(' '),
    ]),
    {
      header: true,
      columns: [
        'campaign_id',
        'campaign',
        'person',
        'name',
        'audience',
        'consent',
        'petal',
        'chosen_motivators',
        'question_id',
        'question',
        'answer',
        'answered_at',
        'tags',
      ],
      // A cell starting with = + - @ would run as a formula in a spreadsheet: people's words must stay words.
      escape_formulas: true,
      bom: true,
    },
  );

  const refByAnswer = new Map(answerRecords.map((r) => [r.row.answerId, r]));
  const exportedTags = tags.filter((t) => exported.has(t.answerId));
  const tagsCsv = stringify(
    exportedTags.map((t) => {
      const r = refByAnswer.get(t.answerId)!;
      return [
        r.person.ref,
        r.row.campaignId,
        r.row.questionId,
        t.kind,
        t.label,
        t.confidence,
        t.source,
        t.taxonomyVersion,
        t.createdAt,
      ];
    }),
    {
      header: true,
      columns: [
        'person',
        'campaign_id',
        'question_id',
        'kind',
        'label',
        'confidence',
        'source',
        'taxonomy_version',
        'created_at',
      ],
      escape_formulas: true,
      bom: true,
    },
  );

  const interviews = new Map<number, { person: Person; row: ExportAnswerRow; answers: unknown[] }>();
  for (const r of answerRecords) {
    let entry = interviews.get(r.row.interviewId);
    if (!entry) {
      entry = { person: r.person, row: r.row, answers: [] };
      interviews.set(r.row.interviewId, entry);
    }
    entry.answers.push({
      questionId: r.row.questionId,
      question: r.row.question,
      text: r.text,
      answeredAt: r.row.answeredAt,
      tags: r.tags.map((t) => ({ kind: t.kind, label: t.label, confidence: t.confidence, source: t.source })),
    });
  }
  const json = JSON.stringify(
    {
      generatedAt: options.generatedAt.toISOString(),
      internal: options.internal,
      consentRule: options.internal
        ? 'internal: every answer and every name, for OSPO staff only; do not share'
        : 'names only for people who chose to be quoted by name; no words of people who chose not to be quoted',
      interviews: [...interviews.values()].map(({ person, row, answers: a }) => ({
        person: person.ref,
        name: person.name,
        campaign: { id: row.campaignId, name: row.campaignName },
        audience: row.audience,
        consent: row.consent,
        petal: row.petalId,
        chosenMotivators: parseIds(row.motivatorIds),
        answers: a,
      })),
    },
    null,
    2,
  );

  return {
    answersCsv,
    tagsCsv,
    json,
    counts: {
      interviews: interviews.size,
      answers: answers.length,
      tags: exportedTags.length,
      withheldTexts,
    },
  };
}

function parseIds(raw: string): string[] {
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
