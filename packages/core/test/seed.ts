/** Rows for service tests, written through the repositories so tests can set any column. */
import { expect } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import type { Automation, Benchmark, NewRun, NewRunEvent, Run, Scenario } from '../src/db/schema.js';
import { type SyntheticRunsOptions, syntheticRuns } from '../src/reporting/synthetic-runs.js';
import { insertAutomation } from '../src/repositories/automations.js';
import { insertBenchmark } from '../src/repositories/benchmarks.js';
import { insertRunEventsIdempotent } from '../src/repositories/run-events.js';
import { insertRun } from '../src/repositories/runs.js';
import { type BulkRun, insertRunsInBulk } from '../src/repositories/runs-bulk.js';
import { insertScenario } from '../src/repositories/scenarios.js';

export async function seedAutomation(handle: DatabaseHandle, name = 'automation'): Promise<Automation> {
  return insertAutomation(handle.db, { name });
}

export async function seedScenario(
  handle: DatabaseHandle,
  automation_id: number,
  name = 'scenario',
): Promise<Scenario> {
  return insertScenario(handle.db, { name, automation_id });
}

export async function seedBenchmark(handle: DatabaseHandle, scenario_id: number): Promise<Benchmark> {
  return insertBenchmark(handle.db, { scenario_id, name: 'benchmark' });
}

/** Synthetic runs as `options` describe them, bulk-inserted batch by batch; returns them all. */
export async function seedSyntheticRuns(
  handle: DatabaseHandle,
  options: SyntheticRunsOptions,
): Promise<BulkRun[]> {
  const all: BulkRun[] = [];
  for (const batch of syntheticRuns(options)) {
    await insertRunsInBulk(handle.db, batch);
    all.push(...batch);
  }
  return all;
}

export async function seedRun(
  handle: DatabaseHandle,
  scenario_id: number,
  values: Partial<Omit<NewRun, 'scenario_id'>> = {},
): Promise<Run> {
  return insertRun(handle.db, { inputs: {}, ...values, scenario_id });
}

export async function seedEvents(handle: DatabaseHandle, run_id: number, count: number): Promise<void> {
  const events: NewRunEvent[] = Array.from({ length: count }, (_, i) => ({
    run_id,
    seq: i + 1,
    type: 'PROGRESS',
    at_ms: (i + 1) * 10.5,
  }));
  await insertRunEventsIdempotent(handle.db, events);
}

/** The rejection of a promise; fails the test when the promise resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, got a result');
}

/** The rejection of a promise, asserted to be an instance of `type` and typed as one. */
export async function rejectionAs<T extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(type);
  return error as T;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
