/**
 * The one place that reads the environment. `loadConfig()` parses it once at start and
 * returns a typed, frozen object that every other module receives as an argument; nothing
 * else in tfbench touches `process.env`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { outboundUrlProblem } from '../net/address-policy.js';
import { type DatabaseConfig, databaseConfig, databaseEnvShape } from './database-config.js';
import { type ExposureConfig, exposureConfig, exposureEnvShape } from './exposure.js';
import { type SecretsConfig, secretsConfig, secretsEnvShape } from './secrets-env.js';
import { defaultWorkerConcurrency } from './worker-capacity.js';

export type { ExposureConfig } from './exposure.js';
export type { SecretsConfig } from './secrets-env.js';
export { defaultWorkerConcurrency, type ProcessResources, processResources } from './worker-capacity.js';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    error: 'must be one of true, false, 1, 0, yes, no',
  })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

/** A whole number within [min, max], given as a string in the environment. */
const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

/** Passwords: long enough to resist guessing, short enough that hashing one stays cheap. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** An API key as a client sends it (generated keys are `tfb_` + 40 characters). */
export const API_KEY_PATTERN = /^tfb_[A-Za-z0-9_-]{16,200}$/;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://host:port' });

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a PostgreSQL URL such as postgres://user@host:5432/db')
    .optional(),
  TFBENCH_DATA_DIR: z.string().min(1, 'must be a folder path').default('./data'),
  ...databaseEnvShape,
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a Redis URL such as redis://127.0.0.1:6379')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,100}$/, 'must be 1-100 letters, digits, dots, dashes or underscores')
    .default('tfbench'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(8000),
  WEB_PORT: port.default(3000),
  // The dashboard's address to listen on. Loopback by default: before the administrator exists,
  // whoever reaches the dashboard from this machine may create it.
  WEB_HOST: z.string().min(1).default('127.0.0.1'),
  API_URL: httpUrl.optional(),
  TINYFISH_API_KEY: z.string().min(1, 'must not be empty when set').optional(),
  TINYFISH_MOCK_MODE: booleanString.optional(),
  TINYFISH_BASE_URL: httpUrl.default('https://agent.tinyfish.ai'),
  TINYFISH_AUTOMATION_ENDPOINT: z
    .string()
    .regex(/^\/[\w\-/.]*$/, 'must be a path starting with / such as /v1/automation')
    // The mode (sse, sync, async) picks the last segment; a full path such as the original's
    // /api/v1/automation/run is accepted and its mode suffix dropped.
    .transform((p) => p.replace(/\/run(-sse|-async)?\/?$/, '').replace(/\/+$/, ''))
    .default('/v1/automation'),
  TINYFISH_COST_PER_STEP_USD: z.coerce
    .number({ error: 'must be a number of US dollars' })
    .nonnegative('must be zero or more')
    .default(0.016),
  // --- Run engine (packages/core/src/engine, apps/worker) ---
  // Unset: sized to the process's memory and sockets (worker-capacity.ts), not a fixed number.
  WORKER_CONCURRENCY: wholeNumber(1, 10_000).optional(),
  WORKER_SHUTDOWN_GRACE_S: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0, 'must be between 0 and 25')
    // The process must be gone within 30 s of SIGTERM (orchestrators then SIGKILL): the
    // grace period, then 5 s to cancel the rest upstream, and cleanup.
    .max(25, 'must be between 0 and 25 (the worker exits within 30 s of SIGTERM)')
    .default(20),
  RUN_LOCK_DURATION_MS: wholeNumber(200, 3_600_000).default(30_000),
  RUN_STALLED_INTERVAL_MS: wholeNumber(100, 3_600_000).default(10_000),
  RUN_RECONCILE_INTERVAL_MS: wholeNumber(100, 3_600_000).default(30_000),
  ANALYTICS_STATEMENT_TIMEOUT_MS: wholeNumber(1, 3_600_000).default(10_000),
  EMBEDDED_WORKER: booleanString.optional(),
  // Where runs' requests are sent from: a thread of their own (on) or the main event loop (off).
  TFBENCH_SENDER_THREAD: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  // The sender thread's nice value while it holds runs for their send instants (0: the process's).
  TFBENCH_SENDER_THREAD_NICE: wholeNumber(-20, 0).default(-10),
  // A file the worker touches while healthy: the liveness signal of its container.
  WORKER_HEARTBEAT_FILE: z.string().min(1, 'must be a file path').optional(),
  // --- Alerts (packages/core/src/alerts) ---
  ALERT_WEBHOOK_URL: httpUrl.optional(),
  // Secret of the X-Tfbench-Signature HMAC on webhook deliveries.
  TFBENCH_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // --- Outbound requests (packages/core/src/net) ---
  TFBENCH_ALLOWED_OUTBOUND_HOSTS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((host) =>
          host
            .trim()
            .toLowerCase()
            .replace(/^\[(.*)\]$/, '$1'),
        )
        .filter((host) => host !== ''),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^[a-z0-9._:-]+$/,
            'must be comma-separated host names or addresses, without scheme or port, such as hooks.internal,10.0.0.5',
          ),
      ),
    )
    .optional(),
  // --- Accounts and access (packages/core/src/auth, apps/api/src/http/auth) ---
  TFBENCH_AUTH: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  TFBENCH_BOOTSTRAP_ADMIN_EMAIL: z.email('must be an email address').optional(),
  TFBENCH_BOOTSTRAP_ADMIN_PASSWORD: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH, `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`)
    .optional(),
  TFBENCH_BOOTSTRAP_API_KEY: z
    .string()
    .regex(API_KEY_PATTERN, 'must be tfb_ followed by 16 to 200 letters, digits, - or _')
    .optional(),
  TFBENCH_SESSION_IDLE_HOURS: wholeNumber(1, 24 * 365).default(24 * 7),
  TFBENCH_SESSION_MAX_DAYS: wholeNumber(1, 365).default(30),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TFBENCH_AUDIT_RETENTION_DAYS: wholeNumber(1, 3650).default(90),
  // Most iterations one benchmark started by a runner / an editor may have (admins: the global cap).
  TFBENCH_MAX_ITERATIONS_RUNNER: wholeNumber(1, 100_000).default(1_000),
  TFBENCH_MAX_ITERATIONS_EDITOR: wholeNumber(1, 100_000).optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  ...exposureEnvShape,
  ...secretsEnvShape,
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  database: DatabaseConfig;
  redisUrl: string | undefined;
  /** Prefix of every Redis key (queue, events, limiter): deployments sharing a Redis stay apart. */
  redisPrefix: string;
  api: { host: string; port: number; publicUrl: string };
  web: { host: string; port: number };
  tinyfish: {
    /** True when runs go to the built-in mock server instead of the real API. */
    mockMode: boolean;
    apiKey: string | undefined;
    baseUrl: string;
    /** Path prefix of the run endpoints; the client appends /run-sse, /run or /run-async. */
    automationEndpoint: string;
    costPerStepUsd: number;
  };
  engine: {
    /**
     * Runs one worker process executes at once: `WORKER_CONCURRENCY`, else sized to the
     * process's heap and file descriptors (`defaultWorkerConcurrency`).
     */
    workerConcurrency: number;
    /** On SIGTERM, how long in-flight runs may finish before they are cancelled upstream. */
    shutdownGraceMs: number;
    /**
     * How long a worker's hold on a run lasts without renewal: a SIGKILLed worker's run is
     * taken over within max(this, 2 x `stalledIntervalMs`) + `stalledIntervalMs` (40 s with
     * the defaults; see docs/engine.md).
     */
    lockDurationMs: number;
    /** How often workers look for runs whose holder stopped renewing (BullMQ stalled check). */
    stalledIntervalMs: number;
    /** How often pending runs without a live job are re-enqueued (covers Redis losing data). */
    reconcileIntervalMs: number;
    /**
     * Whether the API process also executes runs and fires schedules. Default: true without
     * REDIS_URL (the embedded default), false with it (run `npm run worker`).
     */
    embeddedWorker: boolean;
    /**
     * Whether a process that executes runs sends them from a sender thread (`TFBENCH_SENDER_THREAD`,
     * default on): the waits for send instants, the requests and the streams run on an event
     * loop that does nothing else, so a busy main loop (database, queue, bookkeeping) cannot
     * delay a send or the stamping of its events.
     */
    senderThread: boolean;
    /**
     * The nice value the sender thread takes while it holds runs for their send instants
     * (`TFBENCH_SENDER_THREAD_NICE`, -20 to 0, default -10; 0 leaves the process's): the kernel
     * then runs it ahead of busier threads when a send is due. Below 0 needs CAP_SYS_NICE or
     * RLIMIT_NICE; without them the thread keeps the process's priority.
     */
    senderThreadNice: number;
    /**
     * A worker refreshes this file every few seconds while its queue connection is healthy
     * (`WORKER_HEARTBEAT_FILE`), so a container health check can tell a stuck worker; unset, none.
     */
    heartbeatFile: string | undefined;
  };
  alerts: {
    /**
     * Where alert notifications go (Slack-compatible JSON) unless a scenario names its own
     * `run_settings.alert_webhook_url`; unset: alerts are recorded but not sent.
     */
    webhookUrl: string | undefined;
    /**
     * Secret of the deliveries' `X-Tfbench-Signature` (`TFBENCH_WEBHOOK_SECRET`); unset on the
     * embedded default, the runtime generates one into the data folder.
     */
    webhookSecret: string | undefined;
  };
  /** The key that encrypts automation credentials, and the key variables they may name. */
  secrets: SecretsConfig;
  outbound: {
    /**
     * Hosts requests may go to even when they are or resolve to loopback, private,
     * link-local, CGNAT or multicast addresses (`TFBENCH_ALLOWED_OUTBOUND_HOSTS`).
     */
    allowedHosts: string[];
    /** Upstream base URLs may be loopback (local LLM servers): only while the API binds loopback. */
    upstreamLoopbackAllowed: boolean;
  };
  /**
   * On PostgreSQL, the longest one statement of a read a request can make expensive
   * (analytics, KPIs, the runs list and export) may run before the server cancels it.
   */
  analyticsStatementTimeoutMs: number;
  /** Rate limits, live-event caps, the daily budget, and which hosts and origins the API serves. */
  exposure: ExposureConfig;
  auth: AuthConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  version: string;
}

export interface AuthConfig {
  /**
   * `off` (`TFBENCH_AUTH=off`) lets every request act as an admin; the API accepts it only
   * while it binds a loopback address (see `authOffProblem`).
   */
  mode: 'on' | 'off';
  /** A session unused this long ends (`TFBENCH_SESSION_IDLE_HOURS`, default 7 days). */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, however active (`TFBENCH_SESSION_MAX_DAYS`, default 30). */
  sessionMaxMs: number;
  /** The administrator created at start when absent (both variables, or neither). */
  bootstrapAdmin: { email: string; password: string } | undefined;
  /** An admin API key created at start with exactly this value when absent. */
  bootstrapApiKey: string | undefined;
  /** A bearer token accepted for GET /metrics and the details of GET /health only. */
  metricsToken: string | undefined;
  /** Audit entries older than this many days are deleted (`TFBENCH_AUDIT_RETENTION_DAYS`, default 90). */
  auditRetentionDays: number;
  /**
   * Most iterations of a benchmark a runner (`TFBENCH_MAX_ITERATIONS_RUNNER`, default 1,000) or
   * an editor (`TFBENCH_MAX_ITERATIONS_EDITOR`, default none) may start; admins are held to the
   * global cap only.
   */
  maxIterations: { runner: number | undefined; editor: number | undefined };
}

/** Thrown when the environment is invalid; the message is one line per bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * The process environment over the variables of a `.env` file in `cwd`, if there is one:
 * a variable set in the real environment always wins over the file.
 */
export function readEnvironment(cwd = process.cwd()): Record<string, string | undefined> {
  const file = path.join(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

/**
 * Parse an environment (defaults to the process environment over `.env`) into a Config.
 * Empty strings count as unset, so `FOO=` in a .env file means "use the default".
 *
 * @example
 * const config = loadConfig({ API_PORT: '9000' });
 * config.api.port; // 9000
 */
export function loadConfig(
  env: Record<string, string | undefined> = readEnvironment(),
  version = '0.1.0',
): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim();
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const given = cleaned[name];
      return `${name}=${given === undefined ? '(unset)' : JSON.stringify(redact(name, given))} is invalid: ${issue.message}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const e = parsed.data;
  if (
    (e.TFBENCH_BOOTSTRAP_ADMIN_EMAIL === undefined) !==
    (e.TFBENCH_BOOTSTRAP_ADMIN_PASSWORD === undefined)
  ) {
    throw new ConfigError(
      'TFBENCH_BOOTSTRAP_ADMIN_EMAIL and TFBENCH_BOOTSTRAP_ADMIN_PASSWORD must be set together (or neither)',
    );
  }
  const allowedHosts = e.TFBENCH_ALLOWED_OUTBOUND_HOSTS ?? [];
  const webhookProblem =
    e.ALERT_WEBHOOK_URL === undefined ? null : outboundUrlProblem(e.ALERT_WEBHOOK_URL, { allowedHosts });
  if (webhookProblem !== null) {
    throw new ConfigError(`ALERT_WEBHOOK_URL="***" is invalid: ${webhookProblem}`);
  }
  // Mock mode is the default whenever no API key is configured: a fresh checkout works
  // without any account, and a key alone switches to live mode.
  const mockMode = e.TINYFISH_MOCK_MODE ?? e.TINYFISH_API_KEY === undefined;
  const config: Config = {
    database: databaseConfig(e),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    api: {
      host: e.API_HOST,
      port: e.API_PORT,
      publicUrl: e.API_URL ?? `http://localhost:${e.API_PORT}`,
    },
    web: { host: e.WEB_HOST, port: e.WEB_PORT },
    tinyfish: {
      mockMode,
      apiKey: e.TINYFISH_API_KEY,
      baseUrl: e.TINYFISH_BASE_URL.replace(/\/+$/, ''),
      automationEndpoint: e.TINYFISH_AUTOMATION_ENDPOINT,
      costPerStepUsd: e.TINYFISH_COST_PER_STEP_USD,
    },
    engine: {
      workerConcurrency: e.WORKER_CONCURRENCY ?? defaultWorkerConcurrency(),
      shutdownGraceMs: Math.round(e.WORKER_SHUTDOWN_GRACE_S * 1000),
      lockDurationMs: e.RUN_LOCK_DURATION_MS,
      stalledIntervalMs: e.RUN_STALLED_INTERVAL_MS,
      reconcileIntervalMs: e.RUN_RECONCILE_INTERVAL_MS,
      embeddedWorker: e.EMBEDDED_WORKER ?? e.REDIS_URL === undefined,
      senderThread: e.TFBENCH_SENDER_THREAD === 'on',
      senderThreadNice: e.TFBENCH_SENDER_THREAD_NICE,
      heartbeatFile: e.WORKER_HEARTBEAT_FILE,
    },
    alerts: { webhookUrl: e.ALERT_WEBHOOK_URL, webhookSecret: e.TFBENCH_WEBHOOK_SECRET },
    secrets: secretsConfig(e, env),
    outbound: { allowedHosts, upstreamLoopbackAllowed: isLoopbackHost(e.API_HOST) },
    analyticsStatementTimeoutMs: e.ANALYTICS_STATEMENT_TIMEOUT_MS,
    exposure: exposureConfig(e),
    auth: {
      mode: e.TFBENCH_AUTH,
      sessionIdleMs: e.TFBENCH_SESSION_IDLE_HOURS * 3_600_000,
      sessionMaxMs: e.TFBENCH_SESSION_MAX_DAYS * 86_400_000,
      bootstrapAdmin:
        e.TFBENCH_BOOTSTRAP_ADMIN_EMAIL && e.TFBENCH_BOOTSTRAP_ADMIN_PASSWORD
          ? {
              email: e.TFBENCH_BOOTSTRAP_ADMIN_EMAIL.toLowerCase(),
              password: e.TFBENCH_BOOTSTRAP_ADMIN_PASSWORD,
            }
          : undefined,
      bootstrapApiKey: e.TFBENCH_BOOTSTRAP_API_KEY,
      metricsToken: e.METRICS_TOKEN,
      auditRetentionDays: e.TFBENCH_AUDIT_RETENTION_DAYS,
      maxIterations: { runner: e.TFBENCH_MAX_ITERATIONS_RUNNER, editor: e.TFBENCH_MAX_ITERATIONS_EDITOR },
    },
    logLevel: e.LOG_LEVEL,
    version,
  };
  return Object.freeze(config);
}

/**
 * Why auth may not be off here, or null when it may: `TFBENCH_AUTH=off` is accepted only while
 * the API binds a loopback address, so an unauthenticated API is never reachable from another
 * machine. One line, for the refusal to start.
 */
export function authOffProblem(config: Pick<Config, 'auth' | 'api'>): string | null {
  if (config.auth.mode !== 'off' || isLoopbackHost(config.api.host)) return null;
  return `TFBENCH_AUTH=off is refused: API_HOST=${config.api.host} is not a loopback address (use 127.0.0.1, ::1 or localhost, or turn auth on)`;
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h);
}

/** Keep secrets out of error output: key-like variables entirely, URL passwords in place. */
function redact(name: string, value: string): string {
  if (/KEY|SECRET|PASSWORD|TOKEN|WEBHOOK|EMAIL/.test(name)) return '***';
  return value.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:***@');
}
