import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORGET_CANCEL_ACTION, FORGET_CONFIRM_ACTION } from '../../src/privacy/blocks.js';
import { CAMPAIGN_CALLBACK_ID } from '../../src/slack/campaigns/modal.js';
import { ACTIONS, CALLBACK_STEP } from '../../src/slack/interviews/ids.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { seedCampaign, seedInterview, seedPerson } from '../privacy/seed.js';

/**
 * Throws well over a thousand malformed but correctly signed payloads at the running app: slash commands, block
 * actions, view submissions and events built from real shapes and then mutated, plus bodies that are not Slack's at
 * all. Every one must get a 4xx or a 2xx ack; afterwards the app is healthy, SQLite intact, nothing was posted and
 * no stored row changed (the senders own nothing and are not staff, so nothing may change).
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 1200);
const FORM = 'application/x-www-form-urlencoded';

let h: Harness;
const interviewIds: number[] = [];
let owners: string[] = [];
let pool: string[] = [];

beforeAll(async () => {
  h = await startHarness({ background: false });
  const staff = new Set(h.workspace.staffIds);
  const humans = h.workspace.humanIds.filter((id) => !staff.has(id) && id !== h.staffId);
  owners = humans.slice(0, 4);
  // Senders: people in the workspace who own nothing here, and IDs nobody has.
  pool = humans.slice(4, 10);
  const campaignId = seedCampaign(h.db, h.staffId);
  for (const [n, userId] of owners.entries()) {
    seedPerson(h.db, userId, `owner${n}`);
    const seeded = seedInterview(h.db, {
      campaignId,
      userId,
      interviewerId: owners[(n + 1) % owners.length]!,
      answers: [{ questionId: 'q-technologies', text: `Answer number ${n} about licences` }],
      tagged: true,
      draft: n % 2 === 0,
    });
    interviewIds.push(seeded.interviewId);
  }
  h.db.prepare(`UPDATE interviews SET status = 'invited' WHERE id = ?`).run(interviewIds[0]);
});
afterAll(() => h?.stop());

function snapshot(): string {
  const tables = [
    'campaigns',
    'interviews',
    'answers',
    'tags',
    'drafts',
    'people',
    'audit_log',
    'messages',
    'digests',
  ];
  return JSON.stringify(tables.map((t) => h.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
}

// ---- building blocks -------------------------------------------------------------------------------------------

const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '<!channel>',
    '<@U0000000>',
    '*bold* _it_ `code`',
    '{{x}} %s %n',
    "'; DROP TABLE answers; --",
    '\u0000',
    '💥'.repeat(50),
  ),
  fc.string({ unit: 'grapheme', minLength: 2000, maxLength: 4000 }),
);
const someUser = () =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...pool) },
    { weight: 2, arbitrary: fc.stringMatching(/^[UW][A-Z0-9]{8,10}$/) },
    { weight: 1, arbitrary: junkString },
  );
const interviewRef = () =>
  fc.oneof(
    fc.constantFrom(...interviewIds.map(String)),
    fc.integer({ min: -5, max: 1e6 }).map(String),
    fc.constantFrom('1e3', '0x1', ' 1', '1.5', 'NaN', '[]', '{}'),
    junkString,
  );
const responseUrl = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant('mint') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('http://127.0.0.1:1/nowhere', 'not a url', '', 'javascript:alert(1)'),
    },
  );
const triggerId = () => fc.oneof(fc.constant('mint'), junkString);

const subcommandText = () =>
  fc.oneof(
    fc.constantFrom(
      '',
      'help',
      'mine',
      'forget',
      'audit',
      'audit 5',
      'new',
      'status',
      'remind',
      'close',
      'list',
    ),
    fc
      .tuple(
        fc.constantFrom('forget', 'audit', 'status', 'remind', 'close', 'new', 'mine', 'help'),
        fc.oneof(
          junkString,
          someUser().map((u) => `<@${u}|x>`),
          interviewRef(),
        ),
      )
      .map(([a, b]) => `${a} ${b}`),
    junkString,
  );

const knownActions = [
  ...Object.values(ACTIONS),
  FORGET_CONFIRM_ACTION,
  FORGET_CANCEL_ACTION,
  'home_export',
  'home_digest_preview',
];
const actionId = () =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...knownActions) }, { weight: 1, arbitrary: junkString });
const callbackId = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(CALLBACK_STEP, CAMPAIGN_CALLBACK_ID) },
    { weight: 1, arbitrary: junkString },
  );
const metadata = () =>
  fc.oneof(
    fc
      .record({
        i: fc.oneof(fc.constantFrom(...interviewIds), fc.integer()),
        s: fc.integer({ min: -1, max: 9 }),
      })
      .map((m) => JSON.stringify(m)),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    junkString,
  );
const stateValues = () =>
  fc.oneof(
    fc.dictionary(
      fc.constantFrom(
        'q-technologies',
        'q-motivations',
        'q-obstacles',
        'petal',
        'consent',
        'name',
        'who',
        'dates',
      ),
      fc.dictionary(
        fc.constantFrom('value', 'input', 'select'),
        fc.oneof(
          fc.record({ type: fc.constant('plain_text_input'), value: junkString }),
          fc.record({
            type: fc.constant('static_select'),
            selected_option: fc.record({ value: junkString }),
          }),
          fc.jsonValue(),
        ),
      ),
    ),
    fc.jsonValue(),
  );

// ---- payloads ----------------------------------------------------------------------------------------------------

type Shaped =
  | { kind: 'command'; fields: Record<string, unknown> }
  | { kind: 'interactive'; payload: Record<string, unknown> }
  | { kind: 'event'; envelope: Record<string, unknown> }
  | { kind: 'raw'; body: string; contentType: string };

const command = () =>
  fc
    .record({
      command: fc.oneof(
        { weight: 5, arbitrary: fc.constant('/ospo-survey') },
        { weight: 1, arbitrary: junkString },
      ),
      text: subcommandText(),
      user_id: someUser(),
      user_name: junkString,
      team_id: fc.oneof(fc.constant('T0OSPO0001'), junkString),
      channel_id: fc.oneof(fc.constantFrom('D0000001', 'C0OSPO0001'), junkString),
      response_url: responseUrl(),
      trigger_id: triggerId(),
      api_app_id: fc.constant('A0OSPOAPP1'),
    })
    .map((fields): Shaped => ({ kind: 'command', fields }));

const blockAction = () =>
  fc
    .record({
      type: fc.constant('block_actions'),
      user: fc.record({ id: someUser(), username: junkString }),
      team: fc.record({ id: fc.constant('T0OSPO0001') }),
      trigger_id: triggerId(),
      response_url: responseUrl(),
      container: fc.oneof(
        fc.constant({ type: 'message', message_ts: '1.000', channel_id: 'D0000001' }),
        fc.jsonValue(),
      ),
      actions: fc.array(
        fc.record({
          type: fc.constantFrom('button', 'static_select', 'overflow', 'checkboxes', 'mystery'),
          action_id: actionId(),
          block_id: fc.oneof(fc.constant('block'), junkString),
          value: fc.oneof(interviewRef(), someUser(), junkString),
          action_ts: fc.constant('1700000000.000001'),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      message: fc.option(fc.record({ ts: fc.constant('1.000'), text: junkString, blocks: fc.jsonValue() }), {
        nil: undefined,
      }),
      view: fc.option(
        fc.record({ id: junkString, callback_id: callbackId(), private_metadata: metadata() }),
        { nil: undefined },
      ),
    })
    .map((payload): Shaped => ({ kind: 'interactive', payload }));

const viewSubmission = () =>
  fc
    .record({
      type: fc.constantFrom('view_submission', 'view_closed'),
      user: fc.record({ id: someUser() }),
      team: fc.record({ id: fc.constant('T0OSPO0001') }),
      trigger_id: triggerId(),
      view: fc.record({
        id: fc.oneof(fc.constant('V0000000001'), junkString),
        type: fc.constantFrom('modal', 'home', 'weird'),
        callback_id: callbackId(),
        private_metadata: metadata(),
        blocks: fc.oneof(fc.constant([]), fc.jsonValue()),
        state: fc.record({ values: stateValues() }),
        hash: junkString,
      }),
      response_urls: fc.oneof(fc.constant([]), fc.jsonValue()),
    })
    .map((payload): Shaped => ({ kind: 'interactive', payload }));

const event = () =>
  fc
    .record({
      type: fc.constant('event_callback'),
      team_id: fc.constant('T0OSPO0001'),
      api_app_id: fc.constant('A0OSPOAPP1'),
      event_id: fc.stringMatching(/^Ev[A-Z0-9]{8}$/),
      event_time: fc.integer(),
      event: fc.record({
        type: fc.oneof(
          fc.constantFrom('app_home_opened', 'message', 'app_mention', 'member_joined_channel'),
          junkString,
        ),
        user: someUser(),
        tab: fc.constantFrom('home', 'messages', 'other'),
        channel: fc.oneof(fc.constant('D0000001'), junkString),
        text: junkString,
        view: fc.option(fc.jsonValue(), { nil: undefined }),
        event_ts: fc.constant('1700000000.000001'),
      }),
      authorizations: fc.oneof(
        fc.constant([{ team_id: 'T0OSPO0001', user_id: 'U0APPBOT01', is_bot: true }]),
        fc.jsonValue(),
      ),
    })
    .map((envelope): Shaped => ({ kind: 'event', envelope }));

const raw = () =>
  fc
    .record({
      body: fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc
          .dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }))
          .map((d) => new URLSearchParams(d).toString()),
        fc.jsonValue().map((v) => `payload=${encodeURIComponent(JSON.stringify(v))}`),
      ),
      contentType: fc.constantFrom(
        FORM,
        'application/json',
        'text/plain',
        'multipart/form-data',
        `${FORM}; charset=utf-8`,
        '',
      ),
    })
    .map(({ body, contentType }): Shaped => ({ kind: 'raw', body, contentType }));

/** Replaces or deletes a few values at random paths, so that every field Bolt or a handler reads is sometimes wrong. */
function mutate(
  value: Record<string, unknown>,
  edits: { path: number[]; replacement: unknown; remove: boolean }[],
) {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const edit of edits) {
    let node: unknown = copy;
    for (let depth = 0; depth < edit.path.length; depth++) {
      if (node === null || typeof node !== 'object') break;
      const keys = Object.keys(node as object);
      if (keys.length === 0) break;
      const key = keys[edit.path[depth]! % keys.length]!;
      const last = depth === edit.path.length - 1;
      const child = (node as Record<string, unknown>)[key];
      if (last || child === null || typeof child !== 'object') {
        if (edit.remove) delete (node as Record<string, unknown>)[key];
        else (node as Record<string, unknown>)[key] = edit.replacement;
        break;
      }
      node = child;
    }
  }
  return copy;
}

const edits = fc.array(
  fc.record({
    path: fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }),
    replacement: fc.oneof(fc.jsonValue(), junkString),
    remove: fc.boolean(),
  }),
  { maxLength: 3 },
);

const payloads = () =>
  fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: command() },
        { weight: 4, arbitrary: blockAction() },
        { weight: 3, arbitrary: viewSubmission() },
        { weight: 2, arbitrary: event() },
        { weight: 2, arbitrary: raw() },
      ),
      edits,
    )
    .map(([shaped, e]): Shaped => {
      if (shaped.kind === 'command') return { kind: 'command', fields: mutate(shaped.fields, e) };
      if (shaped.kind === 'interactive') return { kind: 'interactive', payload: mutate(shaped.payload, e) };
      if (shaped.kind === 'event') return { kind: 'event', envelope: mutate(shaped.envelope, e) };
      return shaped;
    });

// ---- sending -----------------------------------------------------------------------------------------------------

function fillUrls(obj: Record<string, unknown>, userId: unknown): Record<string, unknown> {
  const user = typeof userId === 'string' ? userId : undefined;
  if (obj.response_url === 'mint') {
    obj.response_url = h.emulator.mintResponseUrl({
      channelId: 'D0000001',
      ...(user ? { userId: user } : {}),
    });
  }
  if (obj.trigger_id === 'mint') obj.trigger_id = h.emulator.mintTriggerId(user);
  return obj;
}

function toRequest(p: Shaped): { body: string; contentType: string } {
  switch (p.kind) {
    case 'command': {
      const fields = fillUrls(p.fields, p.fields.user_id);
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
      return { body: form.toString(), contentType: FORM };
    }
    case 'interactive': {
      const user = (p.payload.user as { id?: unknown } | undefined)?.id;
      const payload = fillUrls(p.payload, user);
      return {
        body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        contentType: FORM,
      };
    }
    case 'event':
      return { body: JSON.stringify(p.envelope), contentType: 'application/json' };
    case 'raw':
      return { body: p.body, contentType: p.contentType };
  }
}

describe('malformed payloads with valid signatures', () => {
  it(`${RUNS} random and mutated Slack payloads: each a 4xx or a harmless 2xx, nothing sent or changed`, async () => {
    const before = snapshot();
    const posts = h.emulator.callsTo('chat.postMessage').length;
    const statuses = new Map<number, number>();
    let tried = 0;

    await fc.assert(
      fc.asyncProperty(payloads(), async (p) => {
        const { body, contentType } = toRequest(p);
        const res = await h.slack.raw(body, { 'Content-Type': contentType }, { timeoutMs: 5_000 });
        tried += 1;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const harmless = (res.status >= 200 && res.status < 300) || (res.status >= 400 && res.status < 500);
        if (!harmless) throw new Error(`answered ${res.status} ${res.body.slice(0, 200)}`);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20260501), endOnFailure: true },
    );

    // Handlers finish their replies after the ack; give them a moment before looking.
    await new Promise((r) => setTimeout(r, 500));
    const byStatus = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    console.log(`hostile payloads tried: ${tried} (${byStatus})`);

    expect(tried).toBeGreaterThanOrEqual(1000);
    expect((await fetch(h.appUrl.replace('/slack/events', '/healthz'))).status).toBe(200);
    expect(h.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(h.emulator.callsTo('chat.postMessage')).toHaveLength(posts);
    expect(snapshot()).toBe(before);
    // Still serving real requests.
    const help = await h.slack.command({ userId: h.staffId, text: 'help' });
    expect(help.status).toBe(200);
  }, 120_000);
});
