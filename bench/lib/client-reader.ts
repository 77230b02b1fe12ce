/**
 * The reader under test: the TinyFish provider exactly as the engine uses it (SSE mode,
 * default settings, an onEvent callback that only keeps the stamps).
 */
import type { TimedEvent } from '@tfbench/domain/provider';
import { createTinyFishProvider } from '@tfbench/tinyfish';
import { type MeasuredRun, type Reader, runBody } from './measured-run.js';

export function createClientReader(baseUrl: string): Reader {
  const provider = createTinyFishProvider({ baseUrl, mock: true, userAgent: 'tfbench-bench' });
  return {
    name: 'client',
    async run(seed: number): Promise<MeasuredRun> {
      const arrivals: number[] = [];
      const progress: boolean[] = [];
      const onEvent = (event: TimedEvent): void => {
        if (event.source !== 'upstream') return;
        arrivals.push(event.at_ms);
        progress.push(event.type === 'PROGRESS');
      };
      const outcome = await provider.execute({ inputs: runBody(seed), settings: { mode: 'sse' }, onEvent });
      return {
        seed,
        failure:
          outcome.status === 'completed'
            ? null
            : `${outcome.status}: ${outcome.error.code} ${outcome.error.message}`,
        t0EpochMs: outcome.t0_epoch_ms ?? Number.NaN,
        arrivals,
        progress,
        ttftMs: outcome.metrics.ttft_ms,
      };
    },
    close: () => provider.close(),
  };
}
