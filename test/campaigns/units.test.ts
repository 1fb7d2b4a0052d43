import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '../../src/interviews/campaignSettings.js';
import { type CampaignForm, validateCampaignForm } from '../../src/interviews/campaigns.js';
import {
  describeDropped,
  type ExpandedPick,
  type PersonFacts,
  selectParticipants,
} from '../../src/interviews/participants.js';
import { loadQuestionSets } from '../../src/interviews/questionSets.js';
import { formatIssue, validateBlocks, validateView } from '../../src/sandbox/emulator/validateBlocks.js';
import {
  closedInvitationBlocks,
  INVITATION_ACTIONS,
  invitationBlocks,
  invitationMessage,
  reminderBlocks,
} from '../../src/slack/blocks/invitation.js';
import { errorsByBlock, readCampaignForm } from '../../src/slack/campaigns/form.js';
import { campaignModal, parseModalMetadata } from '../../src/slack/campaigns/modal.js';
import { alreadyCreatedLines } from '../../src/slack/campaigns/render.js';
import type { CampaignRecord } from '../../src/store/campaigns.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';

const person = (userId: string, extra: Partial<PersonFacts> = {}): PersonFacts => ({
  userId,
  tz: 'Europe/Berlin',
  isBot: false,
  deleted: false,
  ...extra,
});

describe('selectParticipants', () => {
  const facts = new Map(
    [
      person('U1'),
      person('U2'),
      person('U3', { tz: 'Asia/Tokyo' }),
      person('UBOT', { isBot: true }),
      person('UGONE', { deleted: true }),
      person('USLACKBOT'),
    ].map((p) => [p.userId, p]),
  );

  it('keeps each real person once, with the audience of the most direct pick', () => {
    const picks: ExpandedPick[] = [
      {
        audience: 'contributor',
        source: 'channel',
        ref: 'C1',
        members: ['U1', 'U2', 'U3', 'UBOT', 'USLACKBOT'],
      },
      { audience: 'manager', source: 'group', ref: 'S1', members: ['U2', 'UGONE'] },
      { audience: 'contributor', source: 'user', ref: 'U3', members: ['U3'] },
      { audience: 'executive', source: 'channel', ref: 'C2', members: ['U3', 'UNKNOWN'] },
    ];
    const { participants, dropped } = selectParticipants(picks, facts);
    expect(participants).toEqual([
      { userId: 'U2', audience: 'manager', tz: 'Europe/Berlin' },
      { userId: 'U1', audience: 'contributor', tz: 'Europe/Berlin' },
      { userId: 'U3', audience: 'contributor', tz: 'Asia/Tokyo' },
    ]);
    expect(dropped).toEqual({ bots: 2, deactivated: 1, duplicates: 3, unknown: 1 });
    expect(describeDropped(dropped)).toBe(
      '7 left out: 2 bots, 1 deactivated, 3 picked more than once (kept once), 1 not found in Slack',
    );
  });

  it('says nothing when nobody was left out', () => {
    const { dropped } = selectParticipants(
      [{ audience: 'manager', source: 'user', ref: 'U1', members: ['U1'] }],
      facts,
    );
    expect(describeDropped(dropped)).toBe('');
  });
});

const form = (over: Partial<CampaignForm> = {}): CampaignForm => ({
  name: '  Spring   round ',
  picks: [{ audience: 'manager', users: ['U1'], groups: [], channels: [] }],
  interviewerId: null,
  startDate: '2026-03-02',
  dueDate: '2026-03-13',
  days: [5, 1, 2, 3, 4, 4],
  dayStart: '09:00',
  dayEnd: '17:00',
  sendAt: '10:00',
  remindEvery: 3,
  maxReminders: 2,
  ...over,
});
const facts = {
  today: '2026-03-02',
  creatorTz: 'America/New_York',
  nameTaken: false,
  interviewerIsStaff: true,
};

describe('validateCampaignForm', () => {
  it('accepts a start today and builds complete settings', () => {
    const r = validateCampaignForm(form(), facts);
    expect(r.ok && r.draft).toMatchObject({
      name: 'Spring round',
      settings: {
        pattern: { days: [1, 2, 3, 4, 5], sendAt: '10:00' },
        creatorTz: 'America/New_York',
        maxReminders: 2,
      },
    });
  });

  it('names every problem next to its field', () => {
    const r = validateCampaignForm(
      form({
        name: ' ',
        picks: [],
        interviewerId: 'U9',
        startDate: '2026-03-01',
        dueDate: '2026-02-28',
        days: [],
        dayStart: '17:00',
        dayEnd: '09:00',
        remindEvery: 4,
        maxReminders: null,
      }),
      { ...facts, interviewerIsStaff: false },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(
      [
        'days',
        'dayEnd',
        'dueDate',
        'interviewer',
        'maxReminders',
        'name',
        'participants',
        'remindEvery',
        'startDate',
      ].sort(),
    );
    expect(errorsByBlock(r.errors)).toMatchObject({
      users_manager: expect.stringMatching(/at least one/),
      start_date: expect.stringMatching(/past/),
    });
  });

  it('refuses a send time outside working hours, a taken name, an impossible date and a two-year campaign', () => {
    const r = validateCampaignForm(form({ sendAt: '08:30', startDate: '2026-02-30' }), {
      ...facts,
      nameTaken: true,
    });
    expect(!r.ok && r.errors).toMatchObject({
      sendAt: expect.any(String),
      name: expect.any(String),
      startDate: 'Pick a start date.',
    });
    const long = validateCampaignForm(form({ dueDate: '2028-03-02' }), facts);
    expect(!long.ok && long.errors.dueDate).toMatch(/year/);
  });
});

describe('readCampaignForm', () => {
  it('keeps only Slack IDs and known shapes from a (possibly forged) submission', () => {
    const f = readCampaignForm({
      name: { value: { type: 'plain_text_input', value: 'Q2' } },
      users_manager: { value: { selected_users: ['U1', '<!channel>', 42] } },
      groups_executive: { value: { selected_options: [{ value: 'S1' }, { value: 'bad id' }] } },
      channels_contributor: { value: { selected_conversations: ['C1'] } },
      days: { value: { selected_options: [{ value: '1' }, { value: 'x' }] } },
      remind_every: { value: { selected_option: { value: '3' } } },
    });
    expect(f.name).toBe('Q2');
    expect(f.picks.find((p) => p.audience === 'manager')?.users).toEqual(['U1']);
    expect(f.picks.find((p) => p.audience === 'executive')?.groups).toEqual(['S1']);
    expect(f.picks.find((p) => p.audience === 'contributor')?.channels).toEqual(['C1']);
    expect(f.days).toEqual([1]);
    expect(f.remindEvery).toBe(3);
    expect(f.maxReminders).toBeNull();
  });

  it('reads damaged metadata as defaults rather than failing', () => {
    expect(parseModalMetadata('{not json')).toEqual({ channelId: '', creatorTz: 'UTC' });
  });
});

describe('Block Kit within Slack limits', () => {
  const taxonomy = loadTaxonomy('data/taxonomy');
  const questionSets = loadQuestionSets('prompts', taxonomy);
  const content = {
    interviewId: 42,
    campaignName: 'Legal & <security> leads',
    askedBy: 'U1',
    interviewerId: 'U2',
    intro: questionSets.manager.intro,
    questionCount: questionSets.manager.questions.length,
    dueDate: '2026-03-13',
    tz: 'Asia/Kolkata',
  };

  it('the campaign modal is a valid view with 120 user groups offered (Slack allows 100 options)', () => {
    const groups = Array.from({ length: 120 }, (_, i) => ({
      id: `S${i}X`,
      handle: `group-${i}`,
      name: `Group ${i}`,
    }));
    const view = campaignModal({
      metadata: { channelId: 'C1', creatorTz: 'UTC' },
      today: '2026-03-02',
      questionSets,
      userGroups: groups,
    });
    expect(validateView(view).map(formatIssue)).toEqual([]);
  });

  it('the invitation carries the four actions with the interview id, escapes the name and shows the local due date', () => {
    const blocks = invitationBlocks(content);
    expect(validateBlocks(blocks, 'message').map(formatIssue)).toEqual([]);
    const json = JSON.stringify(blocks);
    for (const id of Object.values(INVITATION_ACTIONS)) expect(json).toContain(`"action_id":"${id}","text"`);
    expect(json.match(/"value":"42"/g)).toHaveLength(4);
    expect(json).toContain('Legal &amp; &lt;security&gt; leads');
    expect(json).toContain('Friday 13 March');
    expect(json).toContain('Asia/Kolkata');
    expect(json).toContain('<@U2>');
    expect(invitationMessage(content).text).toContain('Friday 13 March');
  });

  it('reminders keep the buttons; a closed invitation has none', () => {
    expect(
      validateBlocks(reminderBlocks({ ...content, nudgedBy: 'U1' }), 'message').map(formatIssue),
    ).toEqual([]);
    expect(JSON.stringify(reminderBlocks(content))).toContain(INVITATION_ACTIONS.start);
    for (const status of ['answered', 'declined', 'expired', 'removed', 'talk_requested'] as const) {
      const closed = closedInvitationBlocks(content, status);
      expect(validateBlocks(closed, 'message').map(formatIssue)).toEqual([]);
      expect(JSON.stringify(closed)).not.toContain('interview_');
    }
  });
});

describe('alreadyCreatedLines', () => {
  it('escapes the campaign name when Slack redelivers a submission', () => {
    const c: CampaignRecord = {
      id: 7,
      name: 'Q2 <!channel> & <https://evil.example|docs>',
      createdBy: 'U1',
      createdAt: '2026-03-02T12:00:00.000Z',
      startDate: '2026-03-02',
      dueDate: '2026-03-16',
      settings: defaultCampaignSettings(),
      status: 'open',
      closedAt: null,
      source: 'slack',
    };
    const [line] = alreadyCreatedLines(c);
    expect(line).toContain('Q2 &lt;!channel&gt; &amp; &lt;https://evil.example|docs&gt;');
    expect(line).not.toMatch(/<!channel>|<https:/);
    expect(line).toContain('/ospo-survey status 7');
  });
});
