import { idMinter } from './random.js';
import type {
  BotIdentity,
  Channel,
  EphemeralMessage,
  Message,
  SlackUser,
  StoredFile,
  StoredView,
  Team,
  UserGroup,
  WorkspaceSeed,
} from './types.js';

export type Resolved<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The mutable state of one emulated workspace. Method handlers read and change it; tests inspect it
 * through the emulator's helpers. Built from a seed so `reset()` can restore the starting point.
 */
export class Workspace {
  readonly team: Team;
  readonly bot: BotIdentity;
  readonly users = new Map<string, SlackUser>();
  readonly usergroups = new Map<string, UserGroup>();
  readonly channels = new Map<string, Channel>();
  readonly messages = new Map<string, Message[]>();
  readonly ephemerals: EphemeralMessage[] = [];
  readonly views = new Map<string, StoredView>();
  /** Open modal stack per user: view ids, root first. */
  readonly stacks = new Map<string, string[]>();
  /** Published Home tab per user: view id. */
  readonly homes = new Map<string, string>();
  readonly files = new Map<string, StoredFile>();
  readonly mintViewId = idMinter('V');
  readonly mintFileId = idMinter('F');
  readonly mintMpimId = idMinter('G');
  private lastTsMicros = 0;

  constructor(
    seed: WorkspaceSeed,
    private readonly now: () => number = Date.now,
  ) {
    this.team = { ...seed.team };
    this.bot = { ...seed.bot };
    for (const u of seed.users) this.users.set(u.id, structuredClone(u));
    for (const g of seed.usergroups) this.usergroups.set(g.id, structuredClone(g));
    for (const c of seed.channels) {
      this.channels.set(c.id, structuredClone(c));
      this.messages.set(c.id, []);
    }
  }

  /** Message timestamps: wall-clock microseconds, strictly increasing, in Slack's `seconds.micros` form. */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.now() * 1000), this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const secs = Math.floor(micros / 1_000_000);
    const frac = String(Math.floor(micros % 1_000_000)).padStart(6, '0');
    return `${secs}.${frac}`;
  }

  /** DM ids are derived from the user id, so a test can predict where a user's DMs land. */
  dmIdFor(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  /** The app's DM with a user, created on first use as Slack does. */
  openDm(userId: string): Resolved<Channel> {
    const user = this.users.get(userId);
    if (!user) return { ok: false, error: 'user_not_found' };
    if (user.deleted) return { ok: false, error: 'user_disabled' };
    if (user.is_bot && user.id !== this.bot.userId) return { ok: false, error: 'cannot_dm_bot' };
    const id = this.dmIdFor(userId);
    let dm = this.channels.get(id);
    if (!dm) {
      dm = {
        id,
        name: id,
        is_channel: false,
        is_private: true,
        is_im: true,
        is_mpim: false,
        is_archived: false,
        user: userId,
        members: [userId, this.bot.userId],
        created: Math.floor(this.now() / 1000),
      };
      this.channels.set(id, dm);
      this.messages.set(id, []);
    }
    return { ok: true, value: dm };
  }

  /**
   * Where a message addressed to `target` goes. A user id means the app's DM with that user (Slack's
   * shortcut that saves a conversations.open); a channel must exist and have the bot in it.
   */
  resolveTarget(target: unknown): Resolved<Channel> {
    if (typeof target !== 'string' || target === '') return { ok: false, error: 'channel_not_found' };
    if (target.startsWith('U') || target.startsWith('W')) {
      const user = this.users.get(target);
      if (!user || (user.is_bot && user.id !== this.bot.userId))
        return { ok: false, error: 'channel_not_found' };
      if (user.deleted) return { ok: false, error: 'is_archived' };
      return this.openDm(target);
    }
    const channel = this.channels.get(target) ?? this.dmById(target);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    if (channel.is_archived) return { ok: false, error: 'is_archived' };
    if (!channel.members.includes(this.bot.userId)) {
      // Private channels the bot is not in are invisible to it.
      return { ok: false, error: channel.is_private ? 'channel_not_found' : 'not_in_channel' };
    }
    return { ok: true, value: channel };
  }

  /** Channel lookup for reads (history, members): any existing conversation, no membership rules. */
  findChannel(target: unknown): Channel | undefined {
    if (typeof target !== 'string') return undefined;
    if (target.startsWith('U')) return this.channels.get(this.dmIdFor(target));
    return this.channels.get(target) ?? this.dmById(target);
  }

  /**
   * A DM id the app was handed (a slash command typed in its DM, an App Home event) exists on Slack even
   * if the app never opened it; here it is created on first sight.
   */
  private dmById(id: string): Channel | undefined {
    if (!id.startsWith('D')) return undefined;
    const dm = this.openDm(`U${id.slice(1)}`);
    return dm.ok ? dm.value : undefined;
  }

  messagesIn(channelId: string): Message[] {
    let list = this.messages.get(channelId);
    if (!list) {
      list = [];
      this.messages.set(channelId, list);
    }
    return list;
  }

  findMessage(channelId: string, ts: string): Message | undefined {
    return this.messages.get(channelId)?.find((m) => m.ts === ts);
  }

  addMessage(message: Omit<Message, 'type' | 'ts' | 'team'>): Message {
    const full: Message = { type: 'message', ts: this.nextTs(), team: this.team.id, ...message };
    this.messagesIn(full.channel).push(full);
    if (full.thread_ts && full.thread_ts !== full.ts) {
      const parent = this.findMessage(full.channel, full.thread_ts);
      if (parent) parent.reply_count = (parent.reply_count ?? 0) + 1;
    }
    return full;
  }

  deleteMessage(channelId: string, ts: string): boolean {
    const list = this.messages.get(channelId);
    const idx = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || idx < 0) return false;
    list.splice(idx, 1);
    return true;
  }
}
