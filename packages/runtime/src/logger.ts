/**
 * The process logger: pino at the configured level. Secrets never reach it: nothing logs
 * the config object, and these paths are redacted in case a header or option object is
 * ever logged whole. Query parameters never reach it either: they carry user inputs (names,
 * inputs, webhook URLs), so a failed query is logged with its SQL text only.
 */
import type { Config } from '@tfbench/core/config';
import { CREDENTIAL_LOG_PATHS } from '@tfbench/core/secrets';
import { type DestinationStream, type Logger, pino, stdSerializers } from 'pino';

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
  ...CREDENTIAL_LOG_PATHS,
];

/** Where Drizzle's "Failed query" message starts listing the parameters. */
const PARAMS_MARK = '\nparams: ';

/**
 * Shorter parameter values are not searched for in the text: "1" or "true" would mangle the
 * message, and carry nothing worth withholding.
 */
const MIN_ECHOED_LENGTH = 4;

/**
 * What to replace in an error's texts, and by what: each message in the cause chain that lists
 * query parameters, and each parameter value, which PostgreSQL may repeat in its own message
 * (`invalid input syntax for type integer: "<value>"`).
 */
function replacements(err: unknown): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  let current: unknown = err;
  for (let depth = 0; depth < 10 && current instanceof Error; depth++) {
    const at = current.message.indexOf(PARAMS_MARK);
    if (at >= 0) found.push([current.message, `${current.message.slice(0, at)}${PARAMS_MARK}[withheld]`]);
    const params = (current as { params?: unknown }).params;
    if (Array.isArray(params)) {
      for (const param of params) {
        const text = typeof param === 'string' ? param : JSON.stringify(param);
        if (typeof text === 'string' && text.length >= MIN_ECHOED_LENGTH) found.push([text, '[withheld]']);
      }
    }
    current = current.cause;
  }
  return found;
}

/**
 * pino's error serializer, minus query parameters: Drizzle's DrizzleQueryError carries them as
 * `params` and in its message, which pino repeats in `message` and `stack` (also when the
 * query error is the cause of another), and the database's message may quote one.
 */
export function serializeLoggedError(err: unknown): unknown {
  const serialized = stdSerializers.err(err as Error) as unknown;
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  const out = serialized as Record<string, unknown>;
  if ('params' in out) out.params = '[withheld]';
  for (const [unsafe, safe] of replacements(err)) {
    for (const key of ['message', 'stack']) {
      const text = out[key];
      if (typeof text === 'string') out[key] = text.split(unsafe).join(safe);
    }
  }
  return out;
}

/** `destination` is for tests; the default writes to stdout. */
export function createLogger(config: Config, name: string, destination?: DestinationStream): Logger {
  const options = {
    name,
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeLoggedError },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
