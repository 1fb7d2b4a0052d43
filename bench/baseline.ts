import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

/**
 * A Bolt app that does nothing but acknowledge: every command, action, view and event is answered with an empty
 * ack. What it costs (latency, memory) is Bolt's own cost, the floor the real bot is compared with.
 */
export interface BaselineApp {
  port: number;
  url: string;
  stop(): Promise<void>;
}

export interface BaselineOptions {
  signingSecret: string;
  /** The bot token and Web API URL (the emulator's): Bolt asks auth.test who it is at start, as the real bot does. */
  token: string;
  apiUrl: string;
  port?: number;
}

export async function startBaselineApp(o: BaselineOptions): Promise<BaselineApp> {
  const receiver = new HTTPReceiver({
    signingSecret: o.signingSecret,
    endpoints: '/slack/events',
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    token: o.token,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: o.apiUrl },
  });
  const ack = async ({ ack }: { ack: () => Promise<void> }) => {
    await ack();
  };
  app.command(/.*/, ack);
  app.action(/.*/, ack);
  app.view(/.*/, ack);
  app.event(/.*/, async () => {});
  const server = (await app.start(o.port ?? 0)) as Server;
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}/slack/events`,
    stop: () => app.stop().then(() => undefined),
  };
}
