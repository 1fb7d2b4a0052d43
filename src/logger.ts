import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * JSON lines on stdout, one per event; `redact` keeps tokens and answer text out of logs even when a whole payload
 * is logged by mistake.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', name = 'ospo-survey'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'token',
        '*.token',
        'botToken',
        '*.botToken',
        'signingSecret',
        '*.signingSecret',
        'headers.authorization',
        '*.text',
      ],
      censor: '[redacted]',
    },
  });
}
