import type { WebClient } from '@slack/web-api';
import type { AppContext } from '../../context.js';
import { localDate, safeTimeZone } from '../../schedule/workingTime.js';
import { getPerson, upsertPeople } from '../../store/people.js';
import { campaignModal, type UserGroupOption } from './modal.js';

/** User groups change rarely and usergroups.list is Tier 2: ask at most every five minutes. */
const GROUPS_TTL_MS = 5 * 60_000;
const PERSON_TTL_MS = 24 * 3600_000;

const groupCache = new WeakMap<AppContext, { groups: UserGroupOption[]; at: number }>();

export interface OpenCampaignModalInput {
  client: WebClient;
  triggerId: string;
  userId: string;
  channelId: string;
  responseUrl?: string;
}

/**
 * Opens the campaign form at once — the trigger_id lasts 3 seconds — from what is already known (cached time zone
 * and user groups), then fills in what was missing with views.update.
 */
export async function openCampaignModal(ctx: AppContext, input: OpenCampaignModalInput): Promise<void> {
  const now = ctx.clock.now();
  const person = getPerson(ctx.db, input.userId);
  const personFresh = person && now.getTime() - new Date(person.updatedAt).getTime() < PERSON_TTL_MS;
  const cached = groupCache.get(ctx);
  const groupsFresh = cached && Date.now() - cached.at < GROUPS_TTL_MS;

  const build = (creatorTz: string, userGroups: UserGroupOption[]) =>
    campaignModal({
      metadata: {
        channelId: input.channelId,
        creatorTz,
        ...(input.responseUrl ? { responseUrl: input.responseUrl } : {}),
      },
      today: localDate(now, creatorTz),
      questionSets: ctx.questionSets,
      userGroups,
    });

  let creatorTz = safeTimeZone(person?.tz ?? ctx.config.ospo.timezone);
  let groups = cached?.groups ?? [];
  const opened = await input.client.views.open({
    trigger_id: input.triggerId,
    view: build(creatorTz, groups),
  });
  if (personFresh && groupsFresh) return;

  try {
    if (!personFresh) {
      const res = await input.client.users.info({ user: input.userId });
      const u = res.user;
      if (u?.id) {
        creatorTz = safeTimeZone(u.tz);
        upsertPeople(
          ctx.db,
          [
            {
              userId: u.id,
              name: u.name ?? null,
              realName: u.real_name ?? null,
              tz: creatorTz,
              isBot: Boolean(u.is_bot),
              deleted: Boolean(u.deleted),
            },
          ],
          now,
        );
      }
    }
    if (!groupsFresh) {
      const res = await input.client.usergroups.list({ include_disabled: false });
      groups = (res.usergroups ?? [])
        .filter((g) => g.id && g.handle && !g.date_delete)
        .map((g) => ({ id: g.id!, handle: g.handle!, name: g.name ?? g.handle! }))
        .sort((a, b) => a.handle.localeCompare(b.handle));
      groupCache.set(ctx, { groups, at: Date.now() });
    }
    const view = opened.view;
    if (view?.id) {
      await input.client.views.update({
        view_id: view.id,
        ...(view.hash ? { hash: view.hash } : {}),
        view: build(creatorTz, groups),
      });
    }
  } catch (err) {
    // The form works without groups and with the configured zone; staff can still pick people and channels.
    ctx.logger.warn({ err: String(err) }, 'could not complete the campaign form');
  }
}
