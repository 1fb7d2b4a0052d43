import type { Db } from '../../src/store/db.js';

/** Small hand-made stores for digest tests: each helper writes the rows the interview flow and tagger would. */

let nextCampaign = 1;

export function addCampaign(
  db: Db,
  fields: {
    name?: string;
    createdAt?: string;
    dueDate?: string;
    status?: 'open' | 'closed';
    closedAt?: string;
  } = {},
): number {
  const id = nextCampaign++;
  db.prepare(
    `INSERT INTO campaigns (id, name, created_by, created_at, start_date, due_date, status, closed_at)
     VALUES (?, ?, 'U0STAFF', ?, '2026-01-05', ?, ?, ?)`,
  ).run(
    id,
    fields.name ?? `Campaign ${id}`,
    fields.createdAt ?? '2026-01-05T09:00:00.000Z',
    fields.dueDate ?? '2026-12-18',
    fields.status ?? 'open',
    fields.closedAt ?? null,
  );
  return id;
}

export interface PersonSpec {
  campaignId: number;
  userId: string;
  petal?: string | null;
  motivators?: string[];
  consent?: 'name' | 'anonymous' | 'none' | null;
  answeredAt?: string;
  status?: 'answered' | 'invited' | 'scheduled' | 'expired' | 'declined';
  realName?: string;
  answers?: {
    text: string | null;
    tags?: {
      kind: 'petal' | 'stage' | 'motivator';
      label: string;
      confidence?: number;
      source?: 'auto' | 'self' | 'staff';
    }[];
  }[];
}

/** An interview with its answers and tags; returns the interview id. */
export function addPerson(db: Db, spec: PersonSpec): number {
  const status = spec.status ?? 'answered';
  const at = spec.answeredAt ?? '2026-03-02T10:00:00.000Z';
  if (spec.realName) {
    db.prepare(
      `INSERT INTO people (user_id, name, real_name, tz, updated_at) VALUES (?, ?, ?, 'UTC', ?)
       ON CONFLICT (user_id) DO UPDATE SET real_name = excluded.real_name`,
    ).run(spec.userId, spec.realName.toLowerCase().replace(/\s+/g, '.'), spec.realName, at);
  }
  const res = db
    .prepare(
      `INSERT INTO interviews (campaign_id, user_id, audience, status, invited_at, answered_at, petal_id, motivator_ids, consent)
       VALUES (?, ?, 'contributor', ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      spec.campaignId,
      spec.userId,
      status,
      status === 'scheduled' ? null : at,
      status === 'answered' ? at : null,
      spec.petal ?? null,
      JSON.stringify(spec.motivators ?? []),
      spec.consent === undefined ? 'anonymous' : spec.consent,
    );
  const interviewId = Number(res.lastInsertRowid);
  (spec.answers ?? []).forEach((answer, q) => {
    const a = db
      .prepare(
        `INSERT INTO answers (interview_id, question_id, question, text, answered_at) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(interviewId, `q${q + 1}`, `Question ${q + 1}?`, answer.text, at);
    for (const tag of answer.tags ?? []) {
      db.prepare(
        `INSERT INTO tags (answer_id, kind, label, confidence, source, taxonomy_version, created_at)
         VALUES (?, ?, ?, ?, ?, '1.0.0', ?)`,
      ).run(Number(a.lastInsertRowid), tag.kind, tag.label, tag.confidence ?? 0.8, tag.source ?? 'auto', at);
    }
  });
  return interviewId;
}

/** `n` answered people of a petal at a stage naming the given motivators, with answers tagged accordingly. */
export function addCrowd(
  db: Db,
  campaignId: number,
  prefix: string,
  n: number,
  spec: {
    petal: string;
    stage: string;
    motivators: string[];
    consent?: 'name' | 'anonymous' | 'none';
    text?: string;
  },
): number[] {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      addPerson(db, {
        campaignId,
        userId: `${prefix}${String(i).padStart(3, '0')}`,
        petal: spec.petal,
        motivators: spec.motivators.slice(0, 1),
        consent: spec.consent ?? 'anonymous',
        answers: [
          {
            text:
              spec.text ?? `We care about ${spec.motivators.join(' and ')} in ${spec.petal}, person ${i}.`,
            tags: [
              { kind: 'stage', label: spec.stage },
              ...spec.motivators.map((m) => ({ kind: 'motivator' as const, label: m })),
            ],
          },
        ],
      }),
    );
  }
  return ids;
}
