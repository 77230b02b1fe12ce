/**
 * The run engine of one process with its parts plugged in: the enqueueRun port over the
 * process's queue (the one way runs reach it) and the features (run-features.ts). What
 * createRuntime builds, and what the engine tests build around their own queue and bus.
 */
import {
  type CreateEngineOptions,
  createEngine,
  type Engine,
  type EngineFeatures,
  runEnqueuer,
} from '@tfbench/core/engine';
import { type AlertSettings, runFeatures } from './run-features.js';

export interface WireEngineOptions extends Omit<CreateEngineOptions, 'enqueueRun' | 'features'> {
  alerts: AlertSettings;
  /** Test seam: replaces the named parts of the registered features. */
  features?: Partial<EngineFeatures>;
}

export function wireEngine(options: WireEngineOptions): Engine {
  const { alerts, features: replaced, ...parts } = options;
  const registered = runFeatures(alerts, { dailyBudgetUsd: parts.config.exposure.dailyBudgetUsd ?? null });
  return createEngine({
    ...parts,
    enqueueRun: runEnqueuer(parts.queue),
    features: (ctx) => ({ ...registered(ctx), ...replaced }),
  });
}
