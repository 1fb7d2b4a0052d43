import { describe, expect, it } from 'vitest';
import { blocksToText, wrapLine } from '../../src/sandbox/terminal/blocksToText.js';
import { formatSlackDate, mrkdwnToText, type Names } from '../../src/sandbox/terminal/mrkdwn.js';
import { buttonValue, dmUser } from '../../src/sandbox/terminal/narrator.js';
import { createPrinter, localStamp } from '../../src/sandbox/terminal/printer.js';
import { makeStyle, stripAnsi, styleFor, visibleLength } from '../../src/sandbox/terminal/style.js';
import { invitationBlocks } from '../../src/slack/blocks/invitation.js';

const plain = makeStyle(false);
const color = makeStyle(true);
const names: Names = {
  user: (id) => ({ U00000001: 'Zoltan Lindqvist', U00000008: 'Yara Kim' })[id],
  channel: (id) => ({ C000000001: 'ospo' })[id],
  group: (id) => ({ S000000005: 'eng-managers' })[id],
};

describe('Slack mrkdwn in the terminal', () => {
  it('shows people, channels and groups by name, and links by their text', () => {
    const text = mrkdwnToText(
      '<@U00000001> asked <!subteam^S000000005> in <#C000000001> to read <https://example.org/x|the guide> and <https://example.org/y>; <@U0UNKNOWN> too. <!channel>',
      { names, style: plain },
    );
    expect(text).toBe(
      '@Zoltan Lindqvist asked @eng-managers in #ospo to read the guide and https://example.org/y; @U0UNKNOWN too. @channel',
    );
  });

  it('shows a <!date> in the reader’s own zone, as Slack does', () => {
    // Tuesday 3 March 2026, 10:00 in Kolkata = 04:30 UTC.
    const epoch = Date.parse('2026-03-03T04:30:00Z') / 1000;
    const text = `<!date^${epoch}^{date_long_pretty} at {time}|fallback>`;
    expect(mrkdwnToText(text, { style: plain, timeZone: 'Asia/Kolkata' })).toBe('Tuesday 3 March at 10:00');
    expect(mrkdwnToText(text, { style: plain, timeZone: 'America/New_York' })).toBe(
      'Monday 2 March at 23:30',
    );
    expect(formatSlackDate(epoch, '{date_short_pretty}', 'Pacific/Kiritimati')).toBe('Tue 3 Mar');
  });

  it('decodes entities once and keeps escaped user text from turning into mentions', () => {
    const text = mrkdwnToText(
      'Said: &lt;!channel&gt; &amp;lt; *bold* _it_ `code` :white_check_mark: :no_such_emoji:',
      {
        style: plain,
      },
    );
    expect(text).toBe('Said: <!channel> &lt; bold it code ✅ :no_such_emoji:');
  });

  it('shows code exactly as written: a table’s hidden cells stay stars, nothing inside is formatted', () => {
    const table = '```\nLegal      ·   *   ·   3\nBusiness   *   ·   *   ·\nAll        4   *_x_*  &lt;\n```';
    expect(mrkdwnToText(`*Where each petal stands*\n${table}`, { style: color })).toBe(
      '\x1b[1mWhere each petal stands\x1b[22m\nLegal      ·   *   ·   3\nBusiness   *   ·   *   ·\nAll        4   *_x_*  <',
    );
    expect(mrkdwnToText('a * b * c and `*not bold*`', { style: color })).toBe('a * b * c and *not bold*');
  });

  it('styles *bold* and _italic_ with colour, and leaves snake_case and 2*3*4 alone', () => {
    const text = mrkdwnToText('*Legal* said _maybe_ about snake_case_name and 2*3*4', { style: color });
    expect(text).toContain('\x1b[1mLegal\x1b[22m');
    expect(text).toContain('\x1b[3mmaybe\x1b[23m');
    expect(stripAnsi(text)).toBe('Legal said maybe about snake_case_name and 2*3*4');
  });
});

describe('blocks in the terminal', () => {
  it('renders a digest-like message: header, fields, quotes, context, divider, buttons', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'OSPO digest · week 10' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Legal* · 3 people heard\n> “Clear rules beat case-by-case reviews.”\n> — <@U00000008>',
        },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Answered* 17' },
          { type: 'plain_text', text: 'Declined 1' },
        ],
      },
      { type: 'divider' },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'Quotes only with consent' },
          { type: 'mrkdwn', text: 'min. group 3' },
        ],
      },
      { type: 'image', image_url: 'https://x', alt_text: 'The OSPO flower' },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Record notes' }, action_id: 'a' }],
      },
    ];
    expect(blocksToText(blocks, { style: plain, names, width: 80 })).toBe(
      [
        'OSPO digest · week 10',
        '═════════════════════',
        'Legal · 3 people heard',
        '│ “Clear rules beat case-by-case reviews.”',
        '│ — @Yara Kim',
        '',
        '  Answered 17',
        '  Declined 1',
        '─'.repeat(60),
        'Quotes only with consent · min. group 3',
        '',
        '[picture: The OSPO flower]',
        '',
        '[ Record notes ]',
      ].join('\n'),
    );
  });

  it('wraps long lines at the width, list items under their own text', () => {
    const lines = wrapLine('• one two three four five six seven eight nine ten', 20);
    expect(lines).toEqual(['• one two three four', '  five six seven', '  eight nine ten']);
    for (const l of lines) expect(visibleLength(l)).toBeLessThanOrEqual(20);
    const colored = wrapLine(`${color.bold('bold words')} and more words here`, 16);
    expect(colored.map(stripAnsi)).toEqual(['bold words and', 'more words here']);
  });

  it('reads the real invitation: who asks, the due date in the person’s zone, the four buttons', () => {
    const text = blocksToText(
      invitationBlocks({
        interviewId: 12,
        campaignName: 'Spring round',
        askedBy: 'U00000001',
        interviewerId: null,
        intro: 'The OSPO is *listening*.',
        questionCount: 9,
        dueDate: '2026-03-13',
        tz: 'Asia/Kolkata',
      }),
      { style: plain, names, width: 200 },
    );
    expect(text).toContain('@Zoltan Lindqvist from the OSPO invites you to a short interview: Spring round.');
    expect(text).toContain('Asia/Kolkata');
    expect(text).toContain('[ Start ] [ Later ] [ I would rather talk ] [ No, thanks ]');
    expect(
      buttonValue(
        invitationBlocks({
          interviewId: 12,
          campaignName: 'x',
          askedBy: 'U1',
          interviewerId: null,
          intro: '',
          questionCount: 1,
          dueDate: '2026-03-13',
          tz: 'UTC',
        }),
        'interview_start',
      ),
    ).toBe('12');
  });
});

describe('story lines', () => {
  it('start with the local time and zone of the person they concern', () => {
    let out = '';
    const printer = createPrinter(
      (s) => {
        out += s;
      },
      plain,
      8,
    );
    const at = new Date('2026-03-03T04:30:00Z');
    printer.event(at, 'Asia/Kolkata', '→', 'Kavya Fonoti', 'invitation (manager questions)');
    printer.step('Tuesday');
    printer.skip('tag review', 'not available yet');
    expect(out).toBe(
      [
        'Tue 10:00 Asia/Kolkata           → Kavya Fonoti: invitation (manager questions)',
        '',
        '[1/8] Tuesday',
        '      (skipped: tag review — not available yet)',
        '',
      ].join('\n'),
    );
    expect(localStamp(at, 'Etc/GMT+12')).toBe('Mon 16:30');
  });

  it('knows a DM from its user id or its D… id', () => {
    expect(dmUser('U00000008')).toBe('U00000008');
    expect(dmUser('D00000008')).toBe('U00000008');
    expect(dmUser('C000000001')).toBeUndefined();
  });

  it('uses colour only on a terminal, and never with NO_COLOR', () => {
    expect(styleFor({ isTTY: true }, {}).enabled).toBe(true);
    expect(styleFor({ isTTY: false }, {}).enabled).toBe(false);
    expect(styleFor({ isTTY: true }, { NO_COLOR: '1' }).enabled).toBe(false);
    expect(styleFor({ isTTY: false }, { FORCE_COLOR: '1' }).enabled).toBe(true);
  });
});
