import { describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/sandbox/signedRequests.js';
import { classifyBody, verifyHeaders } from '../../src/slack/requestGuard.js';

const SECRET = 'a-signing-secret';
const NOW = 1_780_000_000_000;
const ts = NOW / 1000;

function headers(body: string, at = ts, secret = SECRET) {
  return { 'x-slack-request-timestamp': String(at), 'x-slack-signature': signSlackRequest(secret, at, body) };
}

describe('verifyHeaders', () => {
  it('accepts a correct signature within five minutes either way', () => {
    expect(verifyHeaders(headers('x', ts - 299), 'x', SECRET, NOW)).toEqual({ ok: true });
    expect(verifyHeaders(headers('x', ts + 299), 'x', SECRET, NOW)).toEqual({ ok: true });
  });

  it.each([
    ['stale', headers('x', ts - 301), 'x'],
    ['from the future', headers('x', ts + 301), 'x'],
    ['signed for another body', headers('y'), 'x'],
    ['signed with another secret', headers('x', ts, 'other-secret'), 'x'],
    ['without a timestamp', { 'x-slack-signature': 'v0=00' }, 'x'],
    [
      'with a timestamp that is not a number',
      { 'x-slack-request-timestamp': '17e8', 'x-slack-signature': 'v0=00' },
      'x',
    ],
    [
      'with two timestamps',
      { 'x-slack-request-timestamp': [String(ts), String(ts)], 'x-slack-signature': 'v0=00' },
      'x',
    ],
  ])('refuses a request %s with 401', (_what, h, body) => {
    expect(verifyHeaders(h as Record<string, string>, body, SECRET, NOW)).toMatchObject({
      ok: false,
      status: 401,
    });
  });
});

describe('classifyBody', () => {
  const FORM = 'application/x-www-form-urlencoded';
  const payload = (p: unknown) => `payload=${encodeURIComponent(JSON.stringify(p))}`;

  it('lets through what Slack sends', () => {
    expect(classifyBody(FORM, 'command=%2Fospo-survey&user_id=U1&team_id=T1&response_url=x&text=')).toEqual({
      ok: true,
    });
    expect(classifyBody(FORM, payload({ type: 'block_actions', user: { id: 'U1' }, actions: [{}] }))).toEqual(
      { ok: true },
    );
    expect(classifyBody(FORM, payload({ type: 'view_submission', user: { id: 'U1' }, view: {} }))).toEqual({
      ok: true,
    });
    expect(
      classifyBody('application/json', '{"type":"event_callback","event":{"type":"app_home_opened"}}'),
    ).toEqual({
      ok: true,
    });
    expect(classifyBody('application/json', '{"type":"url_verification","challenge":"c"}')).toEqual({
      ok: true,
    });
    expect(classifyBody(FORM, 'ssl_check=1')).toEqual({ ok: true });
  });

  it.each([
    ['a repeated command field', FORM, 'command=a&command=b&user_id=U1&team_id=T1&response_url=x'],
    ['a command without response_url', FORM, 'command=a&user_id=U1&team_id=T1'],
    [
      'a null authorization',
      'application/json',
      '{"type":"event_callback","event":{"type":"x"},"authorizations":[null]}',
    ],
    [
      'an event channel that is a number',
      'application/json',
      '{"type":"event_callback","event":{"type":"x","channel":5}}',
    ],
    [
      'response_urls null',
      FORM,
      payload({ type: 'view_closed', user: { id: 'U1' }, view: {}, response_urls: null }),
    ],
    [
      'a channel that is a string',
      FORM,
      payload({ type: 'block_actions', user: { id: 'U1' }, actions: [{}], channel: 'C1' }),
    ],
    [
      'an enterprise that is a string',
      FORM,
      payload({ type: 'shortcut', user: { id: 'U1' }, enterprise: 'E1' }),
    ],
    ['a user without an id', FORM, payload({ type: 'shortcut', user: {} })],
  ])('refuses %s with 400 (Bolt would throw and answer 500)', (_what, type, body) => {
    expect(classifyBody(type, body)).toMatchObject({ ok: false, status: 400 });
  });
});
