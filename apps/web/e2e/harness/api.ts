/**
 * Seeding and waiting through the API's public HTTP interface, for tests whose subject is not
 * the creation itself (the accessibility scan needs a run and two benchmarks to look at),
 * authenticated with the system's bootstrapped API key.
 */
import { apiKeyHeaders } from '@tfbench/testbed';

export interface Created {
  id: number;
}

export async function call<T>(apiUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${apiUrl}/api/v1${path}`, {
    method,
    headers: { ...apiKeyHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A TinyFish automation in SSE mode and one scenario of it. */
export async function createAutomationAndScenario(
  apiUrl: string,
  names: { automation: string; scenario: string },
): Promise<{ automationId: number; scenarioId: number }> {
  const automation = await call<Created>(apiUrl, 'POST', '/automations', {
    name: names.automation,
    provider: 'tinyfish',
    config: { mode: 'sse' },
    default_inputs: { url: 'https://scrapeme.live/shop', goal: 'List the first three products' },
  });
  const scenario = await call<Created>(apiUrl, 'POST', '/scenarios', {
    name: names.scenario,
    automation_id: automation.id,
    // The mock's outcome is pinned: a random failure (8 % by default) would change what pages show.
    inputs_template: { mock: { outcome: 'COMPLETED', steps: 3, step_delay_ms: 150 } },
    run_settings: { timeout_s: 60 },
    thresholds: ['success_rate >= 0.5'],
  });
  return { automationId: automation.id, scenarioId: scenario.id };
}

/** Queues a run; `inputsOverride` is merged over the scenario's inputs (e.g. a forced failure). */
export async function triggerRun(
  apiUrl: string,
  scenarioId: number,
  inputsOverride?: Record<string, unknown>,
): Promise<number> {
  const run = await call<Created>(apiUrl, 'POST', '/runs/trigger', {
    scenario_id: scenarioId,
    trigger: 'manual',
    ...(inputsOverride ? { inputs_override: inputsOverride } : {}),
  });
  return run.id;
}

export async function startBenchmark(
  apiUrl: string,
  scenarioId: number,
  settings: { name: string; iterations: number; concurrency: number },
): Promise<number> {
  const benchmark = await call<Created>(apiUrl, 'POST', '/benchmarks', {
    scenario_id: scenarioId,
    arrival: 'closed',
    ...settings,
  });
  return benchmark.id;
}

const TERMINAL = new Set(['completed', 'failed', 'timeout', 'cancelled']);

/** Polls a run or benchmark until its status is terminal; returns that status. */
export async function waitUntilFinished(
  apiUrl: string,
  resource: 'runs' | 'benchmarks',
  id: number,
  timeoutMs = 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status } = await call<{ status: string }>(apiUrl, 'GET', `/${resource}/${id}`);
    if (TERMINAL.has(status)) return status;
    if (Date.now() > deadline) throw new Error(`${resource}/${id} still ${status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
