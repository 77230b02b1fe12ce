/**
 * Variant A, the embedded default: one process (this one) with PGlite in a fresh data
 * folder, the in-process queue and bus, and the worker (role `all`), as `npm start` runs
 * without any service. Only the upstream differs from the product's mock mode: runs go to
 * the bench's mock process, through the live client configuration, like the other variant.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@tfbench/core/config';
import { createRuntime, ResourceScope } from '@tfbench/runtime';
import { seedBenchScenario } from './engine-benchmark.js';
import { type EnginePhaseOptions, measureVariant, type VariantResult } from './engine-phase.js';
import { measuredRuntimeEnv, type UpstreamSettings } from './upstream.js';

export async function runEmbeddedVariant(
  options: EnginePhaseOptions & { upstream: UpstreamSettings; parentScope: ResourceScope },
): Promise<VariantResult> {
  const scope = options.parentScope.adopt('embedded variant', new ResourceScope(options.logger), (s) =>
    s.close(),
  );
  try {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tfbench-bench-pglite-'));
    scope.adopt('PGlite data folder', dataDir, (dir) => rm(dir, { recursive: true, force: true }));
    const config = loadConfig({
      TFBENCH_DATA_DIR: dataDir,
      ...measuredRuntimeEnv(options.upstream, options.concurrency),
    });
    const runtime = scope.adopt(
      'embedded runtime',
      await createRuntime(config, { role: 'all', logger: options.logger }),
      (r) => r.close(),
    );
    const scenarioId = await seedBenchScenario(runtime.db);
    return await measureVariant({
      ...options,
      variant: 'embedded',
      setup: `embedded: PGlite (data folder ${dataDir}) + in-process queue, API and worker in this process (WORKER_CONCURRENCY ${options.concurrency})`,
      db: runtime.db,
      queue: runtime.queue,
      scenarioId,
      workerCpuMs: () => null,
    });
  } finally {
    await scope.close();
  }
}
