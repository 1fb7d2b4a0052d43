import { LogLevel, WebClient } from '@slack/web-api';
import type { Config } from '../config.js';

export interface WebClientOptions {
  /**
   * Workers set this: a 429 then surfaces as an error carrying Retry-After, so the queue pauses itself instead of the
   * client sleeping inside a job while holding its lock.
   */
  rejectRateLimitedCalls?: boolean;
}

export function createWebClient(config: Config, options: WebClientOptions = {}): WebClient {
  return new WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    logLevel: LogLevel.ERROR,
    rejectRateLimitedCalls: options.rejectRateLimitedCalls ?? false,
    retryConfig: { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 10_000 },
  });
}
