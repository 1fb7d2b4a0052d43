import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
// Slack's schema is shared between projects and lives beside the repository, not in it.
const schemaPath = join(repoRoot, '..', 'shared', 'slack', 'manifest.schema.1.0.0.json');

/**
 * Every bot scope the manifest may ask for, with the calls that need it. A scope that is not here fails the test:
 * asking for more than the app uses makes admins refuse the install, so a new one needs a reason written down.
 */
const SCOPES_IN_USE: Record<string, string> = {
  commands: 'the /ospo-survey slash command',
  'chat:write':
    'chat.postMessage, chat.update, chat.postEphemeral: invitations, reminders, replies, the digest',
  'im:write': 'conversations.open: the DM with an interviewee',
  'im:history':
    'conversations.history on those DMs: whether an invitation already went out before sending again',
  'channels:history':
    'conversations.history on the OSPO channel (public): whether the digest or its picture already went out',
  'groups:history': 'conversations.history on the OSPO channel when it is private, for the same check',
  'users:read': 'users.info, users.list: names and time zones of interviewees',
  'usergroups:read': 'usergroups.users.list: audiences given as user groups, and OSPO_STAFF_GROUP_ID',
  'channels:read': 'conversations.members on public channels: audiences given as channel members',
  'groups:read': 'conversations.members on private channels',
  'files:write': 'files.getUploadURLExternal, files.completeUploadExternal: the digest picture and exports',
};

/** The parts of the manifest these tests read; the schema checks the rest. */
interface Manifest {
  display_information: { name: string; background_color?: string };
  features: {
    app_home: Record<string, boolean>;
    bot_user: { display_name: string };
    slash_commands: { command: string; url: string }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[]; user_events?: string[] };
    interactivity: { is_enabled?: boolean; request_url: string };
  };
  [field: string]: unknown;
}

function loadSchema(): object {
  if (!existsSync(schemaPath)) {
    throw new Error(
      `Slack's app manifest schema is missing: expected ${relative(repoRoot, schemaPath)} (a shared/ folder beside ` +
        'this repository, holding slack/manifest.schema.1.0.0.json from slackapi/manifest-schema).',
    );
  }
  return JSON.parse(readFileSync(schemaPath, 'utf8'));
}

/**
 * The schema has no $schema and uses `definitions`, so it is draft-07: Ajv's default class. Besides standard
 * keywords it carries `_note` (a comment) and `regex` (Slack's own spelling of `pattern`, used for the background
 * colour), which are declared here so strict mode accepts the schema and the colour is really checked.
 */
function compileManifestSchema(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  ajvFormats.default(ajv);
  ajv.addKeyword({ keyword: '_note', schemaType: 'string' });
  ajv.addKeyword({
    keyword: 'regex',
    type: 'string',
    schemaType: 'string',
    validate: (pattern: string, data: string) => new RegExp(pattern).test(data),
    errors: false,
  });
  return ajv.compile(loadSchema());
}

function errorsOf(validate: ValidateFunction, manifest: unknown): string[] {
  validate(manifest);
  return (validate.errors ?? []).map((e) =>
    `${e.instancePath || '/'} ${e.keyword} ${e.message ?? ''}`.trim(),
  );
}

describe('manifest.yml', () => {
  let validate: ValidateFunction;
  let manifest: Manifest;

  beforeAll(() => {
    validate = compileManifestSchema();
    manifest = parse(readFileSync(join(repoRoot, 'manifest.yml'), 'utf8'));
  });

  it("validates against Slack's official manifest schema", () => {
    expect(errorsOf(validate, manifest)).toEqual([]);
  });

  it('declares the /ospo-survey command, the App Home with its messages tab, and interactivity', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/ospo-survey']);
    expect(manifest.features.app_home).toMatchObject({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(manifest.features.bot_user.display_name).toBe('ospo-survey');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('subscribes to app_home_opened and to no other event', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(manifest.settings.event_subscriptions.user_events).toBeUndefined();
  });

  it('asks only for bot scopes the code uses, and no user scopes', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    const unexplained = scopes.filter((s) => !(s in SCOPES_IN_USE));
    expect(unexplained, 'add the scope to SCOPES_IN_USE with the calls that need it, or drop it').toEqual([]);
    expect(new Set(scopes).size).toBe(scopes.length);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('points every request URL at the same /slack/events path Bolt listens on', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
    expect(new Set(urls).size).toBe(1);
  });

  describe('the schema check rejects a broken manifest', () => {
    const broken = (change: (m: Manifest) => void): Manifest => {
      const copy = structuredClone(manifest);
      change(copy);
      return copy;
    };

    it('an unknown top-level field', () => {
      expect(
        errorsOf(
          validate,
          broken((m) => (m.colour = 'green')),
        ),
      ).toContain('/ additionalProperties must NOT have additional properties');
    });

    it('a slash command without its leading slash', () => {
      const errors = errorsOf(
        validate,
        broken((m) => (m.features.slash_commands[0]!.command = 'ospo-survey')),
      );
      expect(errors).toContain('/features/slash_commands/0/command pattern must match pattern "^\\/"');
    });

    it('an app name longer than 35 characters', () => {
      const errors = errorsOf(
        validate,
        broken((m) => (m.display_information.name = 'x'.repeat(36))),
      );
      expect(errors).toContain('/display_information/name maxLength must NOT have more than 35 characters');
    });

    it('a background colour that is not a hex colour', () => {
      const errors = errorsOf(
        validate,
        broken((m) => (m.display_information.background_color = 'green')),
      );
      expect(errors).toContain(
        '/display_information/background_color regex must pass "regex" keyword validation',
      );
    });

    it('interactivity without is_enabled', () => {
      const errors = errorsOf(
        validate,
        broken((m) => delete m.settings.interactivity.is_enabled),
      );
      expect(errors).toContain("/settings/interactivity required must have required property 'is_enabled'");
    });
  });
});
