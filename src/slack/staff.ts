import type { AppContext } from '../context.js';

/** How long the staff user group's members are trusted before asking Slack again. */
const GROUP_TTL_MS = 5 * 60_000;

interface GroupCache {
  members: Set<string>;
  fetchedAt: number;
}

const caches = new WeakMap<AppContext, GroupCache>();

/**
 * Staff are OSPO_STAFF_IDS plus the members of OSPO_STAFF_GROUP_ID. The group is cached for five minutes so that a
 * burst of commands costs one usergroups.users.list call (Tier 2: about 20 a minute); when Slack cannot be asked,
 * the last known members stay in force rather than locking everyone out.
 */
export async function isStaff(ctx: AppContext, userId: string): Promise<boolean> {
  if (ctx.config.ospo.staffIds.includes(userId)) return true;
  const groupId = ctx.config.ospo.staffGroupId;
  if (!groupId) return false;
  return (await staffGroupMembers(ctx)).has(userId);
}

export async function staffGroupMembers(ctx: AppContext): Promise<Set<string>> {
  const groupId = ctx.config.ospo.staffGroupId;
  if (!groupId) return new Set();
  const cached = caches.get(ctx);
  if (cached && Date.now() - cached.fetchedAt < GROUP_TTL_MS) return cached.members;
  try {
    const res = await ctx.slack.usergroups.users.list({ usergroup: groupId });
    const members = new Set(res.users ?? []);
    caches.set(ctx, { members, fetchedAt: Date.now() });
    return members;
  } catch (err) {
    ctx.logger.warn(
      { err: String(err) },
      'could not refresh the staff user group; using the last known members',
    );
    return cached?.members ?? new Set();
  }
}

/** Every staff member we know of: configured IDs first, then the group. */
export async function allStaff(ctx: AppContext): Promise<string[]> {
  return [...new Set([...ctx.config.ospo.staffIds, ...(await staffGroupMembers(ctx))])];
}
