import type { KnownBlock } from '@slack/types';
import { type Dropped, describeDropped } from '../../interviews/participants.js';
import { formatLocalDate } from '../../schedule/workingTime.js';
import type { CampaignCounts, CampaignRecord } from '../../store/campaigns.js';
import type { UpcomingSend } from '../../store/interviews.js';
import { escapeMrkdwn, progressBar, truncate } from '../blocks/text.js';
import type { PickProblem } from './expandPicks.js';

/** A moment shown in each reader's own zone by Slack itself; the fallback is UTC. */
export function slackTime(at: Date): string {
  const epoch = Math.floor(at.getTime() / 1000);
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${epoch}^{date_short_pretty} {time}|${fallback}>`;
}

function shortDate(date: string): string {
  return formatLocalDate(date).replace(/^\w+ /, '');
}

export function campaignTitle(c: CampaignRecord): string {
  return `*${escapeMrkdwn(truncate(c.name, 80))}* (#${c.id})`;
}

/** People still counted: removed ones (left the company, deactivated) no longer belong to the total. */
export function activeTotal(counts: CampaignCounts): number {
  return counts.total - counts.removed;
}

export function countsLine(counts: CampaignCounts): string {
  const parts = [
    `Answered ${counts.answered}`,
    `Declined ${counts.declined}`,
    `Expired ${counts.expired}`,
    `Invited, no answer yet ${counts.invited}`,
    `Not invited yet ${counts.scheduled}`,
  ];
  if (counts.removed) parts.push(`Removed ${counts.removed}`);
  return parts.join(' · ');
}

function upcomingLine(sends: UpcomingSend[]): string {
  if (sends.length === 0) return 'Nothing more is scheduled.';
  const parts = sends.map(
    (s) => `${s.count} ${s.kind}${s.count === 1 ? '' : 's'} ${slackTime(new Date(`${s.at}:00.000Z`))}`,
  );
  return `Next: ${parts.join('; ')}`;
}

export function campaignStatusBlocks(
  c: CampaignRecord,
  counts: CampaignCounts,
  sends: UpcomingSend[],
): KnownBlock[] {
  const total = activeTotal(counts);
  const state = c.status === 'open' ? 'open' : `closed`;
  const lines = [
    `${campaignTitle(c)} · ${state} · ${shortDate(c.startDate)} → ${shortDate(c.dueDate)}`,
    `\`${progressBar(counts.answered, total)}\` answered (${counts.answered} of ${total})`,
    countsLine(counts),
  ];
  if (c.status === 'open') lines.push(upcomingLine(sends));
  return [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }];
}

export function campaignListLine(c: CampaignRecord, counts: CampaignCounts): string {
  return `${campaignTitle(c)} · ${c.status} · ${shortDate(c.startDate)} → ${shortDate(c.dueDate)} · ${counts.answered}/${activeTotal(counts)} answered`;
}

function problemLine(p: PickProblem): string {
  const what = p.kind === 'group' ? `user group <!subteam^${p.ref}>` : `<#${p.ref}>`;
  const why =
    p.error === 'channel_not_found' || p.error === 'not_in_channel'
      ? 'the app cannot see its members (invite the app to the channel)'
      : p.error === 'no_such_subteam'
        ? 'it no longer exists'
        : `Slack said ${escapeMrkdwn(p.error)}`;
  return `• ${what}: ${why}`;
}

export interface CreatedSummary {
  name: string;
  campaignId: number;
  scheduled: number;
  dropped: Dropped;
  tooLate: number;
  problems: PickProblem[];
  firstInviteAt: Date | null;
}

/** What staff see once the campaign exists: how many invitations, who was left out and why, when sending starts. */
export function createdLines(s: CreatedSummary): string[] {
  const lines = [
    `:white_check_mark: *${escapeMrkdwn(truncate(s.name, 80))}* (#${s.campaignId}) is scheduled: ${s.scheduled} invitation${s.scheduled === 1 ? '' : 's'}.`,
  ];
  if (s.firstInviteAt) {
    lines.push(
      `The first goes out ${slackTime(s.firstInviteAt)}; each person hears from us at their own local send time on a working day.`,
    );
  }
  const dropped = describeDropped(s.dropped);
  if (dropped) lines.push(`${dropped}.`);
  if (s.tooLate) lines.push(`${s.tooLate} left out because the due date has already ended where they live.`);
  if (s.problems.length)
    lines.push(`Some picks could not be read:\n${s.problems.map(problemLine).join('\n')}`);
  lines.push(`Follow it with \`/ospo-survey status ${s.campaignId}\`.`);
  return lines;
}

/** Slack redelivered a submission whose campaign exists: the staff-typed name is escaped like everywhere else. */
export function alreadyCreatedLines(c: CampaignRecord): string[] {
  return [`${campaignTitle(c)} was created already. See \`/ospo-survey status ${c.id}\`.`];
}

export function nobodyLines(dropped: Dropped, tooLate: number, problems: PickProblem[]): string[] {
  const lines = ['Nobody is left to invite, so no campaign was created.'];
  const d = describeDropped(dropped);
  if (d) lines.push(`${d}.`);
  if (tooLate) lines.push(`${tooLate} left out because the due date has already ended where they live.`);
  if (problems.length) lines.push(`Some picks could not be read:\n${problems.map(problemLine).join('\n')}`);
  return lines;
}
