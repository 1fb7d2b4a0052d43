import { LogLevel, type Logger as SlackLogger } from '@slack/logger';
import type { Logger } from '../logger.js';

const TO_SLACK: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

export function slackLogLevel(level: string): LogLevel {
  return TO_SLACK[level] ?? LogLevel.INFO;
}

/** Bolt's logs go through the app's own logger, so there is one format and one level switch. */
export function boltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'bolt' });
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : String(m))).join(' ');
  return {
    debug: (...msg) => child.debug(text(msg)),
    info: (...msg) => child.info(text(msg)),
    warn: (...msg) => child.warn(text(msg)),
    error: (...msg) => child.error(text(msg)),
    setLevel: () => {},
    getLevel: () => slackLogLevel(logger.level),
    setName: () => {},
  };
}
