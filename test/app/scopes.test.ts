import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { manifestBotScopes } from '../../src/sandbox/stack.js';
import { type Harness, startHarness } from '../helpers/harness.js';

const manifestScopes: string[] = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'))
  .oauth_config.scopes.bot;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ background: false });
});
afterAll(() => h?.stop());

describe("the app runs with its manifest's bot scopes, as when installed", () => {
  it('reads the bot scopes from manifest.yml', () => {
    expect(manifestBotScopes()).toEqual(manifestScopes);
    expect(manifestScopes).toContain('chat:write');
  });

  it("is refused a method the manifest does not grant, with Slack's missing_scope", async () => {
    expect(manifestScopes).not.toContain('users:read.email');
    const refused = await h.ctx.slack.users.lookupByEmail({ email: 'someone@example.org' }).then(
      () => undefined,
      (err: { data?: unknown }) => err.data,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: 'missing_scope',
      needed: 'users:read.email',
      provided: manifestScopes.join(','),
    });
  });

  it('may call what the manifest grants: a DM to a member goes through', async () => {
    const sent = await h.ctx.slack.chat.postMessage({ channel: h.memberId, text: 'hello' });
    expect(sent.ok).toBe(true);
    expect(h.emulator.messagesTo(h.memberId).map((m) => m.text)).toEqual(['hello']);
  });
});
