/**
 * What the alert tests share: a webhook receiver on loopback that records every request and
 * answers from a script of statuses, and a harness per database that starts it around each
 * test and seeds scheduled scenarios and their runs.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import { createAlertNotifier } from '../src/alerts/index.js';
import type { DatabaseHandle } from '../src/db/database.js';
import type { Scenario } from '../src/db/schema.js';
import { updateScenarioById } from '../src/repositories/scenarios.js';
import { seedAutomation, seedRun, seedScenario } from './seed.js';

/** The receivers of these tests listen on loopback, which deliveries refuse unless allowlisted. */
export const LOOPBACK_ALLOWED = { allowedHosts: ['127.0.0.1'] };

/** A webhook receiver on loopback: records every request, answers from a script of statuses. */
export class Receiver {
  readonly requests: Array<{
    path: string;
    body: Record<string, unknown>;
    raw: string;
    contentType: string | undefined;
    signature: string | undefined;
  }> = [];
  /** Statuses for the next requests, in order; 200 once they run out. */
  script: number[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then((text) => {
        this.requests.push({
          path: request.url ?? '',
          body: JSON.parse(text) as Record<string, unknown>,
          raw: text,
          contentType: request.headers['content-type'],
          signature: request.headers['x-tfbench-signature'] as string | undefined,
        });
        response.writeHead(this.script.shift() ?? 200).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/services/T000/B000/secret-token`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The receiver, started before each test, and the seeding helpers of one database. */
export function useAlertHarness(getDb: () => DatabaseHandle) {
  const receiver = new Receiver();
  let url = '';
  beforeEach(async () => {
    receiver.requests.length = 0;
    receiver.script = [];
    url = await receiver.start();
  });
  afterEach(async () => {
    await receiver.stop();
  });

  const notifier = () =>
    createAlertNotifier({
      db: getDb(),
      baseDelayMs: 20,
      maxDelayMs: 50,
      timeoutMs: 2_000,
      policy: LOOPBACK_ALLOWED,
    });
  const deps = () => ({ db: getDb(), webhookUrl: url, notifier: notifier() });
  let clock = Date.parse('2024-06-01T00:00:00Z');

  async function scheduledScenario(
    handle: DatabaseHandle,
    values: Partial<Scenario> = {},
  ): Promise<Scenario> {
    const automation = await seedAutomation(handle);
    const scenario = await seedScenario(handle, automation.id);
    return (await updateScenarioById(handle.db, scenario.id, {
      schedule_enabled: true,
      thresholds: ['p95(total_duration_ms) < 1s'],
      run_settings: { alert_window_runs: 5, regression: false },
      ...values,
    }))!;
  }

  async function addRuns(
    scenarioId: number,
    durations: number[],
    status: 'completed' | 'failed' = 'completed',
  ) {
    for (const total_duration_ms of durations) {
      clock += 60_000;
      await seedRun(getDb(), scenarioId, {
        status,
        total_duration_ms,
        trigger: 'schedule',
        created_at: new Date(clock),
      });
    }
  }

  return { receiver, url: () => url, deps, scheduledScenario, addRuns };
}
