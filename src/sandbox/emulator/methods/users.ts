import { flag } from '../body.js';
import { fail, type MethodHandler, str } from './context.js';
import { paginate } from './paging.js';

const authTest: MethodHandler = ({ ws }) => ({
  ok: true,
  url: `https://${ws.team.domain}.slack.com/`,
  team: ws.team.name,
  user: ws.bot.name,
  team_id: ws.team.id,
  user_id: ws.bot.userId,
  bot_id: ws.bot.botId,
  app_id: ws.bot.appId,
  is_enterprise_install: false,
});

const info: MethodHandler = ({ args, ws }) => {
  const id = str(args.user);
  const user = id ? ws.users.get(id) : undefined;
  if (!user) return fail('user_not_found');
  return { ok: true, user: structuredClone(user) };
};

const list: MethodHandler = ({ args, ws }) => {
  // No limit means "everything" on users.list, unlike other paged methods.
  const page = paginate([...ws.users.values()], args, {
    defaultLimit: Number.POSITIVE_INFINITY,
    maxLimit: 1000,
  });
  if (!page.ok) return fail(page.error);
  return {
    ok: true,
    members: page.items.map((u) => structuredClone(u)),
    cache_ts: Math.floor(Date.now() / 1000),
    response_metadata: { next_cursor: page.nextCursor },
  };
};

const lookupByEmail: MethodHandler = ({ args, ws }) => {
  const email = str(args.email)?.toLowerCase();
  const user = [...ws.users.values()].find((u) => email && u.profile.email?.toLowerCase() === email);
  if (!user) return fail('users_not_found');
  return { ok: true, user: structuredClone(user) };
};

const groupsList: MethodHandler = ({ args, ws }) => {
  const includeUsers = flag(args.include_users);
  const includeCount = flag(args.include_count);
  const groups = [...ws.usergroups.values()]
    .filter((g) => flag(args.include_disabled) || !g.date_delete)
    .map((g) => {
      const { users, ...rest } = g;
      return {
        ...rest,
        ...(includeUsers ? { users: [...users] } : {}),
        ...(includeCount ? { user_count: users.length } : {}),
      };
    });
  return { ok: true, usergroups: groups };
};

const groupUsers: MethodHandler = ({ args, ws }) => {
  const id = str(args.usergroup);
  const group = id ? ws.usergroups.get(id) : undefined;
  if (!group) return fail('no_such_subteam');
  if (group.date_delete && !flag(args.include_disabled)) return fail('subteam_disabled');
  return { ok: true, users: [...group.users] };
};

export const userMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'users.info': info,
  'users.list': list,
  'users.lookupByEmail': lookupByEmail,
  'usergroups.list': groupsList,
  'usergroups.users.list': groupUsers,
};
