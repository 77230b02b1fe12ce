/** What the API is built from: configuration, database, logger, and hooks for other parts. */
import type { LoginThrottleOptions } from '@tfbench/core/auth';
import type { Config } from '@tfbench/core/config';
import type { DatabaseHandle, Run } from '@tfbench/core/db';
import type { Engine } from '@tfbench/core/engine';
import type { FastifyServerOptions } from 'fastify';

/** Callbacks other parts of tfbench plug into the API (the run engine, later). */
export interface AppHooks {
  /**
   * Called after a run was stored as `pending` (e.g. to enqueue it). The run is already
   * durable, so a failing hook is logged and the request still succeeds: pending runs are
   * recovered from the runs table.
   */
  onRunCreated?: (run: Run) => void | Promise<void>;
}

export interface AppDeps {
  config: Config;
  /** An open, migrated database. The app never closes it: its owner does. */
  db: DatabaseHandle;
  /**
   * pino options for Fastify's logger; `false` silences it (tests). Defaults to
   * `{ level: config.logLevel }`.
   */
  logger?: FastifyServerOptions['logger'];
  hooks?: AppHooks;
  /**
   * The run engine of this process (see @tfbench/runtime). With it the app serves live events
   * (GET /api/v1/events) and run cancellation, reports the queue in /health, and answers 503
   * to run-creating requests while the queue is down. Without it those routes are not registered.
   */
  engine?: Engine;
  /** Live-event stream tuning (tests shorten the heartbeat). */
  liveEvents?: { heartbeatMs?: number };
  /** Transport limits; defaults in http/limits.ts (tests shorten the request deadline). */
  limits?: { requestTimeoutMs?: number };
  /** Failed sign-in throttling (tests shorten the delays); defaults in core/auth/login-throttle.ts. */
  loginThrottle?: LoginThrottleOptions;
}

/** What each route plugin receives. */
export interface RouteOptions {
  deps: AppDeps;
}
