import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blocksToText } from '../terminal/blocksToText.js';
import { namesFor } from './campaign.js';
import { STAFF } from './cast.js';
import type { StoryContext } from './context.js';

/**
 * A stand-in response_url for requests people sign themselves: whatever the bot answers there is printed in the
 * sandbox's terminal (a response_url minted by the emulator only exists for requests the sandbox sends).
 */
export async function startReplyInbox(ctx: StoryContext): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: { text?: string; blocks?: unknown[] } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        // Shown as empty.
      }
      const tz = ctx.stack.config.ospo.timezone;
      const text = blocksToText(
        body.blocks,
        { style: ctx.printer.style, names: namesFor(ctx), timeZone: tz, width: 90 },
        body.text ?? '',
      );
      const [first = '', ...rest] = text.split('\n').filter((l) => l.trim() !== '');
      ctx.printer.event(ctx.clock.now(), tz, '→', 'reply to your request', first);
      if (rest.length > 0) ctx.printer.detail(rest.join('\n'));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/reply`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What a person needs to talk to the running sandbox, with commands they can paste. */
export function keepInstructions(ctx: StoryContext, replyUrl: string): string {
  const { stack } = ctx;
  const lead = STAFF.lead;
  const team = stack.workspace.team.id;
  const body = new URLSearchParams({
    command: '/ospo-survey',
    text: 'status',
    user_id: lead,
    user_name: stack.workspace.users.find((u) => u.id === lead)?.name ?? 'staff',
    team_id: team,
    channel_id: stack.workspace.ospoChannelId,
    response_url: replyUrl,
    trigger_id: 'sandbox.1.none',
  }).toString();
  const someone = ctx.cast.members.find((m) => m.plan.includes('answer'))?.userId ?? lead;
  const speed = ctx.clock.speed / 3600;
  return [
    `The sandbox keeps running; Ctrl-C stops everything. Story time still runs at ${speed} hour${speed === 1 ? '' : 's'} per second.`,
    '',
    `  bot        ${stack.appUrl}`,
    `  signing    ${stack.signingSecret}`,
    `  emulator   ${stack.emulator.url}   (bot token ${stack.workspace.bot.token})`,
    `  replies    ${replyUrl}   (a response_url for your own requests: what the bot answers is printed here)`,
    '',
    `A slash command as ${ctx.cast.nameOf(lead)} (OSPO staff), signed as Slack signs it:`,
    `  body='${body}'`,
    `  ts=$(date +%s); sig="v0=$(printf 'v0:%s:%s' "$ts" "$body" | openssl dgst -sha256 -hmac '${stack.signingSecret}' | sed 's/^.* //')"`,
    `  curl -s -H "X-Slack-Request-Timestamp: $ts" -H "X-Slack-Signature: $sig" --data "$body" ${stack.appUrl}`,
    '',
    `${ctx.cast.nameOf(someone)} opens the app's Home tab, with the project's own signer:`,
    `  npx tsx -e "import('./src/sandbox/signedRequests.ts').then(({ createSlackSender }) => createSlackSender({ appUrl: '${stack.appUrl}', signingSecret: '${stack.signingSecret}' }).event({ type: 'app_home_opened', user: '${someone}', tab: 'home' })).then((r) => console.log(r.status))"`,
    '',
    'Read #ospo through the Web API:',
    `  curl -s ${stack.emulator.url}conversations.history -d token=${stack.workspace.bot.token} -d channel=${stack.workspace.ospoChannelId}`,
  ].join('\n');
}
