/**
 * The mock TinyFish server the bench measures against: by default in a node process of its
 * own (see mock-process.ts). Ground truth is read over its HTTP interface in both placements.
 */
import { type RunGroundTruth, startMockTinyFish } from '@tfbench/mock-tinyfish';
import type { MockPlacement } from './client-args.js';
import { type BenchMock, mockAdmin, spawnMockProcess } from './mock-process.js';

export interface MockServer extends BenchMock<RunGroundTruth> {
  readonly url: string;
  /** For the report, e.g. "own process (pid 1234)". */
  readonly placement: string;
}

export async function startMockServer(options: {
  placement: MockPlacement;
  seed: number;
  model: Record<string, unknown>;
}): Promise<MockServer> {
  if (options.placement === 'in-process') {
    const mock = await startMockTinyFish({
      seed: options.seed,
      model: options.model,
      maxStoredRuns: 1_000_000,
    });
    return {
      ...mockAdmin<RunGroundTruth>(mock.url),
      url: mock.url,
      placement: 'in this process (shares the event loop)',
      cpuMs: () => null,
      close: () => mock.close(),
    };
  }
  const args = ['--seed', String(options.seed), '--lenient', '--model', JSON.stringify(options.model)];
  const child = await spawnMockProcess(
    'packages/mock-tinyfish/src/main.ts',
    [...args, '--max-stored-runs', '1000000'],
    'the mock',
  );
  return {
    ...mockAdmin<RunGroundTruth>(child.url),
    url: child.url,
    placement: `own process (pid ${child.pid})`,
    cpuMs: child.cpuMs,
    close: child.close,
  };
}
