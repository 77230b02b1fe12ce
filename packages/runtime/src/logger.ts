/**
 * The process logger: pino at the configured level. Secrets never reach it: nothing logs
 * the config object, and these paths are redacted in case a header or option object is
 * ever logged whole.
 */
import type { Config } from '@tfbench/core/config';
import { type Logger, pino } from 'pino';

const REDACTED_PATHS = [
  'apiKey',
  '*.apiKey',
  'api_key',
  '*.api_key',
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'tinyfish.apiKey',
  'config.tinyfish.apiKey',
];

export function createLogger(config: Config, name: string): Logger {
  return pino({ name, level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

export type { Logger };
