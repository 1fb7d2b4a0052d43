import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { QuestionSets } from './interviews/questionSets.js';
import type { Logger } from './logger.js';
import type { Clock } from './schedule/clock.js';
import type { Queues } from './schedule/queues.js';
import type { Db } from './store/db.js';
import type { Taxonomy } from './tagging/taxonomy.js';

/**
 * Everything a listener or a job processor needs, built once at start and passed in. Nothing here holds
 * per-request state: a modal submission may land on another instance than the one that opened it.
 */
export interface AppContext {
  config: Config;
  db: Db;
  taxonomy: Taxonomy;
  questionSets: QuestionSets;
  queues: Queues;
  /** Producer connection shared by the queues; workers open their own (see src/runtime/redisConnection.ts). */
  redis: Redis;
  redisUrl: string;
  /** BullMQ key prefix, so several installations (or tests) can share one Redis. */
  queuePrefix: string;
  clock: Clock;
  logger: Logger;
  /** The bot's Web API client (Bolt's own), pointed at config.slack.apiUrl. */
  slack: WebClient;
}

/** A part of the app that runs in the background (a worker, a scheduler) and must be closed on shutdown. */
export interface Background {
  close(): Promise<void>;
}
