import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildExport, WITHHELD } from '../../src/digest/exportData.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { selectExportAnswers, selectExportTags } from '../../src/store/exportRows.js';
import { addCampaign, addPerson } from './seed.js';

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
  const c = addCampaign(db, { name: 'Q1, "platform" survey' });
  addPerson(db, {
    campaignId: c,
    userId: 'UNAMED',
    realName: 'Nora Named',
    consent: 'name',
    petal: 'legal',
    answers: [
      {
        text: 'Named words, with a comma and "quotes"\nand a second line',
        tags: [{ kind: 'motivator', label: 'compliance', confidence: 0.9 }],
      },
    ],
  });
  addPerson(db, {
    campaignId: c,
    userId: 'UANON',
    realName: 'Anna Anonymous',
    consent: 'anonymous',
    answers: [
      { text: '=HYPERLINK("http://evil.example","click")', tags: [{ kind: 'stage', label: 'stage-1' }] },
    ],
  });
  addPerson(db, {
    campaignId: c,
    userId: 'UNONE',
    realName: 'Rita Refused',
    consent: 'none',
    answers: [
      {
        text: 'REFUSED words that must not leave',
        tags: [{ kind: 'motivator', label: 'cost', confidence: 0.7 }],
      },
    ],
  });
  addPerson(db, { campaignId: c, userId: 'UINV', status: 'invited', answers: [] });
});

function rows(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true, bom: true }) as Record<string, string>[];
}

describe('export honouring consent', () => {
  it('names only people who chose "by name" and leaves out the words of people who refused quoting', () => {
    const out = buildExport(selectExportAnswers(db), selectExportTags(db), {
      internal: false,
      generatedAt: new Date(),
    });
    const answers = rows(out.answersCsv);
    expect(answers).toHaveLength(3);
    const all = out.answersCsv + out.tagsCsv + out.json;
    expect(all).toContain('Nora Named');
    expect(all).not.toContain('Anna Anonymous');
    expect(all).not.toContain('UANON');
    expect(all).not.toContain('Rita Refused');
    expect(all).not.toContain('UNONE');
    expect(all).not.toContain('REFUSED words');
    const refused = answers.find((a) => a.consent === 'none')!;
    expect(refused.answer).toBe(WITHHELD);
    // Their tags stay: the evidence is the organisation's, the words are theirs.
    expect(refused.tags).toBe('motivator:cost');
    expect(rows(out.tagsCsv).some((t) => t.person === refused.person && t.label === 'cost')).toBe(true);
    expect(out.counts).toMatchObject({ interviews: 3, answers: 3, withheldTexts: 1 });
  });

  it('keeps commas, quotes and line breaks intact, and defuses spreadsheet formulas', () => {
    const out = buildExport(selectExportAnswers(db), selectExportTags(db), {
      internal: false,
      generatedAt: new Date(),
    });
    const answers = rows(out.answersCsv);
    expect(answers[0]!.campaign).toBe('Q1, "platform" survey');
    expect(answers.find((a) => a.name === 'Nora Named')!.answer).toBe(
      'Named words, with a comma and "quotes"\nand a second line',
    );
    const formula = answers.find((a) => a.consent === 'anonymous')!.answer!;
    expect(formula.startsWith('=')).toBe(false);
    expect(formula).toContain('HYPERLINK');
  });

  it('the internal export keeps every name and every answer', () => {
    const out = buildExport(selectExportAnswers(db), selectExportTags(db), {
      internal: true,
      generatedAt: new Date(),
    });
    const all = out.answersCsv + out.json;
    for (const s of ['Anna Anonymous', 'Rita Refused', 'REFUSED words', 'UNONE']) expect(all).toContain(s);
    expect(JSON.parse(out.json).internal).toBe(true);
  });

  it('the JSON holds the same answers and tags, grouped by interview', () => {
    const out = buildExport(selectExportAnswers(db), selectExportTags(db), {
      internal: false,
      generatedAt: new Date(),
    });
    const json = JSON.parse(out.json) as {
      interviews: { consent: string; answers: { text: string | null; tags: { label: string }[] }[] }[];
    };
    expect(json.interviews).toHaveLength(3);
    const refused = json.interviews.find((i) => i.consent === 'none')!;
    expect(refused.answers[0]!.text).toBe(WITHHELD);
    expect(refused.answers[0]!.tags.map((t) => t.label)).toEqual(['cost']);
  });
});
