import type { KnownBlock } from '@slack/types';
import { closeCampaignNow, nudgePending } from '../../schedule/lifecycle.js';
import { recordAudit } from '../../store/audit.js';
import { type CampaignRecord, campaignCounts, findCampaigns, listCampaigns } from '../../store/campaigns.js';
import { upcomingSends } from '../../store/interviews.js';
import { escapeMrkdwn, truncate } from '../blocks/text.js';
import { openCampaignModal } from '../campaigns/openModal.js';
import { campaignListLine, campaignStatusBlocks, campaignTitle } from '../campaigns/render.js';
import type { Subcommand, SubcommandCall } from './types.js';

const MAX_STATUS_CAMPAIGNS = 10;
const MAX_LIST = 40;

type Resolved = { campaign: CampaignRecord } | { message: string };

/** The campaign staff mean: by number or name; with nothing typed, the only open one if there is exactly one. */
export function resolveCampaign(call: SubcommandCall, allowDefault: boolean): Resolved {
  const ref = call.rest.trim().replace(/^["“](.*)["”]$/, '$1');
  if (!ref) {
    const open = listCampaigns(call.ctx.db, { status: 'open' });
    if (allowDefault && open.length === 1) return { campaign: open[0]! };
    const hint = open.length
      ? ` Open now: ${open
          .slice(0, 5)
          .map((c) => `${campaignTitle(c)}`)
          .join(', ')}.`
      : ' There is no open campaign.';
    return { message: `Which campaign? Give its number or name.${hint}` };
  }
  const found = findCampaigns(call.ctx.db, ref);
  if (found.length === 1) return { campaign: found[0]! };
  if (found.length === 0) {
    return {
      message: `No campaign matches “${escapeMrkdwn(truncate(ref, 60))}”. \`/ospo-survey list\` shows them all.`,
    };
  }
  return {
    message: `Several campaigns match “${escapeMrkdwn(truncate(ref, 60))}”: ${found
      .slice(0, 5)
      .map((c) => campaignTitle(c))
      .join(', ')}. Use the number.`,
  };
}

async function say(call: SubcommandCall, text: string, blocks?: KnownBlock[]): Promise<void> {
  await call.respond({ response_type: 'ephemeral', text, ...(blocks ? { blocks } : {}) });
}

const newCampaign: Subcommand = {
  name: 'new',
  usage: 'new',
  summary: 'starts a campaign: pick people, groups or channels, dates and reminders.',
  staffOnly: true,
  run: async (call) => {
    await openCampaignModal(call.ctx, {
      client: call.client,
      triggerId: call.triggerId,
      userId: call.userId,
      channelId: call.channelId,
      ...(call.command.response_url ? { responseUrl: call.command.response_url } : {}),
    });
  },
};

const status: Subcommand = {
  name: 'status',
  usage: 'status [campaign]',
  summary: 'shows who answered, declined or expired, and what goes out next.',
  staffOnly: true,
  run: async (call) => {
    const { db } = call.ctx;
    let campaigns: CampaignRecord[];
    if (call.rest.trim()) {
      const r = resolveCampaign(call, false);
      if ('message' in r) return say(call, r.message);
      campaigns = [r.campaign];
    } else {
      campaigns = listCampaigns(db, { status: 'open' }).slice(0, MAX_STATUS_CAMPAIGNS);
      if (campaigns.length === 0) {
        return say(
          call,
          'No campaign is open. Start one with `/ospo-survey new`, or see past ones with `list`.',
        );
      }
    }
    const blocks: KnownBlock[] = [];
    for (const c of campaigns) {
      if (blocks.length) blocks.push({ type: 'divider' });
      blocks.push(...campaignStatusBlocks(c, campaignCounts(db, c.id), upcomingSends(db, c.id)));
    }
    const text = campaigns
      .map((c) => {
        const n = campaignCounts(db, c.id);
        return `${c.name}: ${n.answered} of ${n.total - n.removed} answered`;
      })
      .join('; ');
    await say(call, text, blocks);
  },
};

const remind: Subcommand = {
  name: 'remind',
  usage: 'remind [campaign]',
  summary: 'nudges everyone who has not answered yet (once a day at most).',
  staffOnly: true,
  run: async (call) => {
    const r = resolveCampaign(call, true);
    if ('message' in r) return say(call, r.message);
    const c = r.campaign;
    if (c.status !== 'open')
      return say(call, `${campaignTitle(c)} is closed; nobody can answer it any more.`);
    const result = await nudgePending(call.ctx, c.id, call.userId);
    recordAudit(call.ctx.db, {
      actor: call.userId,
      action: 'campaign.remind',
      target: `campaign:${c.id}`,
      detail: { ...result },
      at: call.ctx.clock.now(),
    });
    const parts = [
      result.queued
        ? `Nudging ${result.queued} ${result.queued === 1 ? 'person who has' : 'people who have'} not answered ${campaignTitle(c)} yet.`
        : `Nobody to nudge in ${campaignTitle(c)} right now.`,
    ];
    if (result.contactedToday) {
      parts.push(`${result.contactedToday} already heard from us today and are left alone.`);
    }
    if (result.talkRequested) {
      parts.push(`${result.talkRequested} asked to talk instead; their interviewer follows up.`);
    }
    if (result.notInvitedYet)
      parts.push(`${result.notInvitedYet} are not invited yet; their invitation comes first.`);
    await say(call, parts.join(' '));
  },
};

const close: Subcommand = {
  name: 'close',
  usage: 'close <campaign>',
  summary: 'ends a campaign: unanswered invitations expire and their messages say so.',
  staffOnly: true,
  run: async (call) => {
    if (!call.rest.trim())
      return say(call, 'Which campaign should I close? `/ospo-survey close <number or name>`.');
    const r = resolveCampaign(call, false);
    if ('message' in r) return say(call, r.message);
    const c = r.campaign;
    if (c.status === 'closed') return say(call, `${campaignTitle(c)} is closed already.`);
    await say(call, `Closing ${campaignTitle(c)}…`);
    const result = await closeCampaignNow(call.ctx, c.id);
    if (result.closed) {
      recordAudit(call.ctx.db, {
        actor: call.userId,
        action: 'campaign.close',
        target: `campaign:${c.id}`,
        detail: { expired: result.expired },
        at: call.ctx.clock.now(),
      });
    }
    await say(
      call,
      `Closed ${campaignTitle(c)}. ${result.expired} unanswered invitation${result.expired === 1 ? '' : 's'} expired; their messages are being updated. Answers already given stay.`,
    );
  },
};

const list: Subcommand = {
  name: 'list',
  usage: 'list',
  summary: 'lists campaigns, open ones first.',
  staffOnly: true,
  run: async (call) => {
    const { db } = call.ctx;
    const all = [...listCampaigns(db, { status: 'open' }), ...listCampaigns(db, { status: 'closed' })];
    if (all.length === 0) return say(call, 'No campaigns yet. Start one with `/ospo-survey new`.');
    const lines = all.slice(0, MAX_LIST).map((c) => `• ${campaignListLine(c, campaignCounts(db, c.id))}`);
    if (all.length > MAX_LIST) lines.push(`…and ${all.length - MAX_LIST} older ones.`);
    await say(call, `${all.length} campaign${all.length === 1 ? '' : 's'}`, [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } },
    ]);
  },
};

export const subcommands: Subcommand[] = [newCampaign, status, remind, close, list];
