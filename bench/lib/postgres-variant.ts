/**
 * Variant B, the scaled setup: a fresh PostgreSQL database and a unique Redis key prefix;
 * the API role in this process creates the benchmark (as `POST /api/v1/benchmarks` does), and
 * `apps/worker` processes, spawned as `npm run worker` starts them, execute it. Everything is
 * removed afterwards: the workers stopped, the database dropped, the keys deleted.
 */
import { loadConfig } from '@tfbench/core/config';
import { createRuntime, ResourceScope } from '@tfbench/runtime';
import { createBenchDatabase, deleteRedisKeys, redisServerPid, uniqueRedisPrefix } from './bench-services.js';
import { seedBenchScenario } from './engine-benchmark.js';
import { type EnginePhaseOptions, measureVariant, type VariantResult } from './engine-phase.js';
import { samplePostgres } from './postgres-stats.js';
import { processCpuMs } from './process-cpu.js';
import { measuredRuntimeEnv, type UpstreamSettings } from './upstream.js';
import { startWorkerProcess, type WorkerProcess } from './worker-process.js';

export interface PostgresVariantOptions extends EnginePhaseOptions {
  upstream: UpstreamSettings;
  parentScope: ResourceScope;
  /** Maintenance database URL of the PostgreSQL server (a database is created next to it). */
  postgresAdminUrl: string;
  redisUrl: string;
  workers: number;
  /** Where the workers write --cpu-prof profiles; null: no profiling. */
  cpuProfileDir: string | null;
  /** Called with the names to clean up, before anything is created (the test checks them). */
  onResources?: (names: { database: string; redisPrefix: string }) => void;
}

export async function runPostgresVariant(options: PostgresVariantOptions): Promise<VariantResult> {
  const scope = options.parentScope.adopt(
    'PostgreSQL + Redis variant',
    new ResourceScope(options.logger),
    (s) => s.close(),
  );
  try {
    const database = scope.adopt('bench database', await createBenchDatabase(options.postgresAdminUrl), (d) =>
      d.drop(),
    );
    const prefix = scope.adopt('Redis key prefix', uniqueRedisPrefix(), (p) =>
      deleteRedisKeys(options.redisUrl, p),
    );
    options.onResources?.({ database: database.name, redisPrefix: prefix });
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: options.redisUrl,
      REDIS_PREFIX: prefix,
      // The benchmark's own cap is global, in Redis, so every worker may take every run.
      ...measuredRuntimeEnv(options.upstream, options.concurrency),
    };
    // The API first: it migrates the fresh database before any worker opens it.
    const api = scope.adopt(
      'API runtime',
      await createRuntime(loadConfig(env), { role: 'api', logger: options.logger }),
      (r) => r.close(),
    );
    const workers: WorkerProcess[] = [];
    for (let i = 0; i < options.workers; i++) {
      workers.push(
        scope.adopt('worker process', await startWorkerProcess(env, options.cpuProfileDir), (w) => w.stop()),
      );
    }
    const scenarioId = await seedBenchScenario(api.db);
    const redisPid = await redisServerPid(options.redisUrl);
    return await measureVariant({
      ...options,
      variant: 'pg',
      setup: `PostgreSQL + Redis: API role in this process, ${options.workers} worker process(es) (apps/worker, WORKER_CONCURRENCY ${options.concurrency} each; pids ${workers.map((w) => w.pid).join(', ')})`,
      db: api.db,
      queue: api.queue,
      scenarioId,
      samplePostgres: () => samplePostgres(options.postgresAdminUrl, database.name),
      redisCpuMs: () => (redisPid === null ? null : processCpuMs(redisPid)),
      workerCpuMs: () => {
        let sum = 0;
        for (const worker of workers) {
          const cpu = worker.cpuMs();
          if (cpu === null) return null;
          sum += cpu;
        }
        return sum;
      },
    });
  } finally {
    await scope.close();
  }
}
