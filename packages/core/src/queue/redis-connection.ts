/**
 * How tfbench opens Redis connections. Two roles with opposite needs:
 *
 * - `command` connections serve callers that must not hang when Redis is down (enqueue from an
 *   API request, the limiter, publishing events): commands fail at once while disconnected
 *   instead of queueing until Redis returns, so the API can answer 503 within a second.
 * - `blocking` connections serve long-lived loops (BullMQ workers, the event-bus reader): they
 *   retry forever across reconnects, because giving up would silently stop the loop.
 */
import { ServiceUnavailableError } from '@tfbench/domain/errors';
import { Redis, type RedisOptions } from 'ioredis';
import { QueueUnavailableError } from './errors.js';
import type { Logger } from './types.js';

export type RedisRole = 'command' | 'blocking';

export interface RedisConnectionOptions {
  url: string;
  role: RedisRole;
  /** Shown in CLIENT LIST and in logs. */
  name: string;
  logger: Logger;
  /** Per-command deadline on `command` connections, so a hung Redis cannot hang a request. Default 1 s. */
  commandTimeoutMs?: number;
  /**
   * Send the commands issued in one turn of the event loop in one socket write (ioredis's
   * auto-pipelining). For connections whose callers issue many small commands at once, such
   * as the limiter taking and giving back the slots of runs that start and end together: a
   * write is a system call, dearer than the command.
   */
  autoPipelining?: boolean;
}

export function openRedis(options: RedisConnectionOptions): Redis {
  const common: RedisOptions = {
    connectionName: options.name,
    // Reconnect quickly but not in a tight loop: 100 ms, 200 ms, ... capped at 2 s.
    retryStrategy: (times) => Math.min(100 * 2 ** (times - 1), 2_000),
    ...(options.autoPipelining ? { enableAutoPipelining: true } : {}),
  };
  const roleOptions: RedisOptions =
    options.role === 'command'
      ? {
          enableOfflineQueue: false,
          // A command in flight when the connection drops fails instead of being replayed
          // after an unknown delay; the caller decides whether to retry.
          maxRetriesPerRequest: 0,
          commandTimeout: options.commandTimeoutMs ?? 1_000,
        }
      : {
          // BullMQ requires null: blocking commands (BZPOPMIN, XREAD BLOCK) must survive a
          // reconnect instead of failing after N retries and ending the worker's loop.
          maxRetriesPerRequest: null,
          enableOfflineQueue: true,
        };
  const redis = new Redis(options.url, { ...common, ...roleOptions });
  watchConnection(redis, options.name, options.logger);
  return redis;
}

/**
 * Log connection trouble once per outage instead of once per retry, and keep ioredis from
 * printing "Unhandled error event" (an 'error' listener is required for that).
 */
function watchConnection(redis: Redis, name: string, logger: Logger): void {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ connection: name, err: error }, 'redis connection lost; reconnecting');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ connection: name }, 'redis connection restored');
  });
}

/**
 * Resolve when the connection is usable. While the first connection attempt is still in
 * progress, wait for it up to `timeoutMs`; when Redis is known to be down (reconnecting,
 * closed) throw `QueueUnavailableError` at once.
 */
export async function ensureRedisReady(
  redis: Redis,
  what: string,
  timeoutMs: number,
  unavailable: UnavailableErrorFactory = queueUnavailable,
): Promise<void> {
  if (redis.status === 'ready') return;
  const notConnected = (): Error =>
    unavailable(`${what} is unavailable: Redis is not connected (${redis.status})`);
  if (redis.status !== 'connecting' && redis.status !== 'connect' && redis.status !== 'wait') {
    throw notConnected();
  }
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onDown);
      redis.off('end', onDown);
      if (error) reject(error);
      else resolve();
    };
    const onReady = (): void => done();
    const onDown = (): void => done(notConnected());
    const timer = setTimeout(() => done(notConnected()), timeoutMs);
    redis.once('ready', onReady);
    redis.once('error', onDown);
    redis.once('end', onDown);
  });
}

/** Builds the 503 error of the component that found Redis unavailable. */
export type UnavailableErrorFactory = (message: string, cause?: unknown) => Error;

const queueUnavailable: UnavailableErrorFactory = (message, cause) =>
  new QueueUnavailableError(message, { cause });

/** Map connection-level failures of a command to an unavailable error; return the rest as is. */
export function asUnavailable(
  error: unknown,
  what: string,
  unavailable: UnavailableErrorFactory = queueUnavailable,
): unknown {
  if (error instanceof ServiceUnavailableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isConnectionError(message)) return unavailable(`${what} is unavailable: ${message}`, error);
  return error;
}

function isConnectionError(message: string): boolean {
  return /Command timed out|enableOfflineQueue|Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Stream isn't writeable|max retries per request/i.test(
    message,
  );
}

/** Close a connection politely, or at once if Redis is unreachable (QUIT would wait). */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
