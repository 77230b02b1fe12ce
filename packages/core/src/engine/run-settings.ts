/**
 * The settings a provider executes a run with: the automation's `config` (its mode) under
 * the scenario's `run_settings` (timeout_s, idle timeout, retry policy, and a mode of its
 * own if it wants one), under a benchmark's `settings.timeout_s` for benchmark runs. Null
 * means unset in these columns, so nulls are dropped rather than passed on as values. Keys
 * the provider does not know (interval_seconds, concurrency, ...) belong to the engine and
 * are ignored by the provider.
 */
import type { RunSettings } from '@tfbench/domain/provider';
import type { Automation, Benchmark, Scenario } from '../db/schema.js';

export function runSettingsOf(parents: {
  automation: Automation;
  scenario: Scenario;
  benchmark?: Benchmark | undefined;
}): RunSettings {
  const settings: RunSettings = {
    ...withoutNulls(parents.automation.config),
    ...withoutNulls(parents.scenario.run_settings),
  };
  const benchmarkTimeout = parents.benchmark?.settings.timeout_s;
  if (typeof benchmarkTimeout === 'number') settings.timeout_s = benchmarkTimeout;
  return settings;
}

function withoutNulls(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null));
}
