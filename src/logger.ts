import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/**
 * JSON lines, one per event, on stdout unless a destination is given; `redact` keeps tokens and answer text out of
 * logs even when a whole payload is logged by mistake.
 */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  name = 'ospo-survey',
  destination?: DestinationStream,
): Logger {
  const options = {
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
  };
  return destination ? pino(options, destination) : pino(options);
}
