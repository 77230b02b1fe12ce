/** What the API is built from: configuration, database, logger and the run engine. */
import type { LoginThrottleOptions } from '@tfbench/core/auth';
import type { Config } from '@tfbench/core/config';
import type { DatabaseHandle } from '@tfbench/core/db';
import type { Engine } from '@tfbench/core/engine';
import type { openRedis } from '@tfbench/core/queue';
import type { SecretBox } from '@tfbench/core/secrets';
import type { FastifyServerOptions } from 'fastify';

export interface AppDeps {
  config: Config;
  /** An open, migrated database. The app never closes it: its owner does. */
  db: DatabaseHandle;
  /**
   * pino options for Fastify's logger; `false` silences it (tests). Defaults to
   * `{ level: config.logLevel }`.
   */
  logger?: FastifyServerOptions['logger'];
  /**
   * The run engine of this process (see @tfbench/runtime). With it the app queues the runs it
   * creates (through the engine's enqueueRun port), serves live events (GET /api/v1/events)
   * and run cancellation, reports the queue in /health, and answers 503 to run-creating
   * requests while the queue is down. Without it those routes are not registered and created
   * runs are only stored.
   */
  engine?: Engine;
  /**
   * Seals the credentials written into automations (the runtime's `secretBox`); without it the
   * app opens its own from the same source (see openSecretBox).
   */
  secretBox?: SecretBox | undefined;
  /** Live-event stream tuning (tests shorten the heartbeat). */
  liveEvents?: { heartbeatMs?: number };
  /**
   * A Redis command connection for counters every API process shares (the rate limits);
   * without one they are kept in this process. Its owner closes it.
   */
  redis?: ReturnType<typeof openRedis>;
  /** Transport limits; defaults in http/limits.ts (tests shorten the request deadline). */
  limits?: { requestTimeoutMs?: number };
  /** Failed sign-in throttling (tests shorten the delays); defaults in core/auth/login-throttle.ts. */
  loginThrottle?: LoginThrottleOptions;
}

/** What each route plugin receives. */
export interface RouteOptions {
  deps: AppDeps;
}

/** What a plugin that exists only with a run engine receives: the engine, certainly there. */
export interface EngineOptions {
  engine: Engine;
}

/** What each engine-only route plugin receives. */
export type EngineRouteOptions = RouteOptions & EngineOptions;
