/**
 * createRuntime: everything one tfbench process needs, opened in dependency order, each
 * piece registering its own close. The API, the worker and tests all start the same way;
 * only the role differs.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '@tfbench/core/config';
import { type DatabaseHandle, IN_MEMORY_PGLITE, migrate, openDatabase } from '@tfbench/core/db';
import type { Engine, EngineFeatures, EngineSettings, ProviderRegistry } from '@tfbench/core/engine';
import { createEventBus, type EventBus } from '@tfbench/core/events';
import {
  type ConcurrencyLimiter,
  createConcurrencyLimiter,
  createQueue,
  type JobQueue,
} from '@tfbench/core/queue';
import { openSecretBox, resealCredentials, type SecretBox } from '@tfbench/core/secrets';
import type { MockTinyFish } from '@tfbench/mock-tinyfish';
import { createLogger, type Logger } from './logger.js';
import { openProviders } from './providers.js';
import { ResourceScope } from './resource-scope.js';
import { type AlertSettings, alertSettingsOf } from './run-features.js';
import { openSenderThread } from './sender-thread/threaded-providers.js';
import { ensureWebhookSecret } from './webhook-secret.js';
import { wireEngine } from './wire-engine.js';

/**
 * - `api`: serves requests and queues runs; executes nothing (another process consumes the queue).
 * - `worker`: consumes the queue, recovers and reconciles runs, fires schedules.
 * - `all`: both, in one process (the embedded default).
 */
export type RuntimeRole = 'api' | 'worker' | 'all';

export interface RuntimeOptions {
  role: RuntimeRole;
  /** Default: a pino logger at `config.logLevel`. */
  logger?: Logger;
  /** Test seams: engine timings and features. */
  engineSettings?: Partial<EngineSettings>;
  features?: Partial<EngineFeatures>;
  /** Test seam: extra or replacement providers (merged over the configured ones). */
  providers?: ProviderRegistry;
}

export interface Runtime {
  readonly config: Config;
  readonly role: RuntimeRole;
  readonly logger: Logger;
  readonly db: DatabaseHandle;
  readonly queue: JobQueue;
  readonly bus: EventBus;
  readonly limiter: ConcurrencyLimiter;
  /** Empty in the `api` role, which executes no runs. */
  readonly providers: ProviderRegistry;
  readonly engine: Engine;
  /** Where alerts go and how their deliveries are guarded and signed. */
  readonly alerts: AlertSettings;
  /**
   * Seals and opens automations' credentials (see @tfbench/core/secrets); undefined on a
   * PostgreSQL deployment without TFBENCH_SECRET_KEY, which then refuses to store any.
   */
  readonly secretBox: SecretBox | undefined;
  /** The in-process mock TinyFish server (mock mode, roles that execute runs). */
  readonly mock: MockTinyFish | undefined;
  /**
   * Stop in reverse order of opening: the engine's loops, then the queue (in-flight runs get
   * `config.engine.shutdownGraceMs` to finish, then are cancelled upstream and stored as
   * cancelled), then the sender thread, providers, the mock, the bus and the database.
   * Idempotent.
   */
  close(): Promise<void>;
}

/**
 * @example
 * const runtime = await createRuntime(loadConfig(), { role: 'worker' });
 * process.once('SIGTERM', () => runtime.close().then(() => process.exit(0)));
 */
export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config, `tfbench-${options.role}`);
  const scope = new ResourceScope(logger);
  try {
    return await open(config, options, logger, scope);
  } catch (error) {
    await scope.close();
    throw error;
  }
}

async function open(
  config: Config,
  options: RuntimeOptions,
  logger: Logger,
  scope: ResourceScope,
): Promise<Runtime> {
  const { role } = options;
  const executes = role !== 'api';
  const redis = { redisUrl: config.redisUrl, prefix: config.redisPrefix, logger };

  const db = scope.adopt(
    'database',
    await openDatabase(config.database, {
      onPoolError: (error) => logger.warn({ err: error }, 'an idle database connection failed'),
      boundedReadTimeoutMs: config.analyticsStatementTimeoutMs,
    }),
    (handle) => handle.close(),
  );
  const { applied } = await migrate(db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const secretBox = openSecretBox(config, logger);
  if (secretBox) {
    // Credentials an older version kept in plain text in config are sealed once, at the first start.
    const { sealed_from_plaintext } = await resealCredentials(db.db, secretBox, { plaintextOnly: true });
    if (sealed_from_plaintext > 0) {
      logger.info(
        { values: sealed_from_plaintext },
        'sealed credentials an older version stored in plain text',
      );
    }
  }

  const bus = scope.adopt('event bus', await createEventBus(redis), (b) => b.close());
  const opened = executes
    ? await openProviders(config, scope, logger)
    : { providers: {}, mock: undefined, mockUrls: {} };
  const sendFromThread = executes && config.engine.senderThread;
  // Opened after the providers and mocks (which it uses), closed before them; the queue,
  // opened after it, ends the runs in flight before it closes.
  const sender = sendFromThread
    ? scope.adopt(
        'sender thread',
        await openSenderThread({ config, runningMocks: opened.mockUrls, logLevel: logger.level }, logger),
        (thread) => thread.close(),
      )
    : null;
  // Test-injected providers stay on the main thread, as given.
  const providers: ProviderRegistry = {
    ...(sender ? mapValues(opened.providers, (provider) => sender.wrap(provider)) : opened.providers),
    ...options.providers,
  };
  const limiter = scope.adopt('concurrency limiter', createConcurrencyLimiter(redis), (l) => l.close());
  const queue = scope.adopt(
    'job queue',
    createQueue({
      ...redis,
      lockDurationMs: config.engine.lockDurationMs,
      stalledIntervalMs: config.engine.stalledIntervalMs,
    }),
    // In-flight runs get the grace period, then their signals abort: they are cancelled
    // upstream and stored as cancelled (WORKER_SHUTDOWN) within the 5 s that follow.
    (q) => q.close({ graceMs: config.engine.shutdownGraceMs, abortGraceMs: 5_000 }),
  );
  const alerts = alertSettingsOf(config, webhookSecretOf(config, logger));
  const engine = scope.adopt(
    'run engine',
    wireEngine({
      db,
      queue,
      bus,
      providers,
      limiter,
      config,
      logger,
      secretBox,
      settings: options.engineSettings,
      alerts,
      features: options.features,
    }),
    (e) => e.close(),
  );
  if (executes) {
    await engine.startWorker({
      concurrency: config.engine.workerConcurrency,
      exclusiveDatabase: db.kind === 'pglite',
    });
  }
  logger.info(
    {
      role,
      database: db.kind,
      queue: queue.kind,
      bus: bus.kind,
      mode: config.tinyfish.mockMode ? 'mock' : 'live',
      ...(executes ? { sender_thread: sendFromThread } : {}),
      worker_id: engine.context.settings.workerId,
      ...(executes ? { concurrency: config.engine.workerConcurrency } : {}),
    },
    'runtime started',
  );
  return {
    config,
    role,
    logger,
    db,
    queue,
    bus,
    limiter,
    providers,
    engine,
    alerts,
    secretBox,
    mock: opened.mock,
    close: () => scope.close(),
  };
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

/** What this process signs alert deliveries with (see ./webhook-secret.ts); null: nothing. */
function webhookSecretOf(config: Config, logger: Logger): string | null {
  const { database } = config;
  let secret = config.alerts.webhookSecret ?? null;
  if (secret === null && database.kind === 'pglite') {
    // An in-memory database (tests) has no data folder: its secret lives as long as it does.
    secret =
      database.dataDir === IN_MEMORY_PGLITE
        ? randomBytes(32).toString('hex')
        : ensureWebhookSecret(database.dataDir, logger);
  }
  if (secret === null) {
    // Receivers cannot tell a forged delivery from ours; say so once, where operators look.
    logger.warn(
      'webhook deliveries are unsigned: set TFBENCH_WEBHOOK_SECRET to sign them (X-Tfbench-Signature; see docs/security.md)',
    );
  }
  return secret;
}
