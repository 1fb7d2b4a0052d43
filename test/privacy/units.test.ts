import { describe, expect, it } from 'vitest';
import { auditBlocks, describeData } from '../../src/privacy/blocks.js';
import { jobConcerns } from '../../src/privacy/jobs.js';
import { parseUserMention } from '../../src/privacy/mention.js';
import { stripQuotes } from '../../src/store/retention.js';

describe('parseUserMention', () => {
  it.each([
    ['<@U012ABCDEF|ada>', 'U012ABCDEF'],
    ['<@U012ABCDEF>', 'U012ABCDEF'],
    ['  W0123ABC  ', 'W0123ABC'],
    ['U012ABCDEF', 'U012ABCDEF'],
  ])('reads %s as %s', (text, id) => expect(parseUserMention(text)).toBe(id));

  it.each([
    '@ada',
    '<!channel>',
    '<#C0123|ospo>',
    '<!subteam^S0123|staff>',
    '<@U1|a> <@U2|b>',
    'u012abc',
    '<@U012ABC|x>y',
    '',
  ])('names nobody in %j', (text) => expect(parseUserMention(text)).toBeUndefined());
});

describe('stripQuotes', () => {
  it('drops the quoted words and keeps which signal matched', () => {
    expect(stripQuotes('[{"type":"words","text":"our lawyers","signal":"legal"},{"type":"default"}]')).toBe(
      '[{"type":"words","signal":"legal"},{"type":"default"}]',
    );
  });
  it('turns anything unreadable into no evidence rather than keeping it', () => {
    expect(stripQuotes('not json')).toBe('[]');
    expect(stripQuotes('{"text":"x"}')).toBe('[]');
  });
});

describe('jobConcerns', () => {
  const ids = new Set([42]);
  it('matches by data and, on per-interview queues, by the job ID convention', () => {
    expect(jobConcerns({ id: 'x', data: { interviewId: 42 } }, ids, 'U1', false)).toBe(true);
    expect(jobConcerns({ id: 'x', data: { userId: 'U1' } }, ids, 'U1', false)).toBe(true);
    expect(jobConcerns({ id: 'remind-42-2', data: {} }, ids, 'U1', true)).toBe(true);
    expect(jobConcerns({ id: 'invite-42', data: {} }, ids, 'U1', true)).toBe(true);
  });
  it('leaves other interviews and digest weeks alone', () => {
    expect(jobConcerns({ id: 'remind-420-1', data: { interviewId: 420 } }, ids, 'U1', true)).toBe(false);
    expect(jobConcerns({ id: 'digest-2026-W42', data: {} }, new Set([2026]), 'U1', false)).toBe(false);
    expect(jobConcerns({ id: 'x', data: null }, ids, 'U1', true)).toBe(false);
  });
});

describe('describeData', () => {
  it('names only what is there, in words', () => {
    expect(
      describeData({ interviews: 2, answers: 9, tags: 0, drafts: 1, interviewerOf: 0, known: true }),
    ).toBe(
      '2 interviews with 9 answers, 1 unfinished draft and the profile details Slack gave me (name, time zone)',
    );
    expect(
      describeData({ interviews: 0, answers: 0, tags: 0, drafts: 0, interviewerOf: 3, known: false }, false),
    ).toBe('their name as interviewer on 3 interviews');
  });
});

describe('auditBlocks', () => {
  it('never lets stored text ping or link: actors that are not user IDs are escaped too', () => {
    const blocks = auditBlocks([
      {
        id: 1,
        at: '2026-01-01T00:00:00.000Z',
        actor: '<!here>',
        action: 'x`y',
        target: '<https://evil|x>',
        detail: {},
      },
    ]);
    const text = JSON.stringify(blocks);
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('<https://evil');
  });
});
