import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockTinyFish, startMockTinyFish } from '../src/index.js';
import { http, VALID_BODY, waitFor } from './helpers.js';

/**
 * 1,000 concurrent SSE streams on one mock: every stream must be complete and correctly framed,
 * and the counters must show that all of them really were open at once. Runs are long (500
 * steps, ~5 events/s each) so that none can end before the last connection is open however
 * loaded the machine is; once all are open and events have flowed, a batch cancel ends them.
 * Correctness under load only; speed is measured elsewhere.
 */
const STREAMS = 1000;

let mock: MockTinyFish;
beforeAll(async () => {
  mock = await startMockTinyFish({
    seed: 1000,
    model: {
      started_delay_ms: { dist: 'uniform', min: 0, max: 50 },
      streaming_url_delay_ms: { dist: 'uniform', min: 10, max: 50 },
      steps: 500,
      step_delay_ms: { dist: 'normal', mean: 250, stddev: 50 },
      heartbeat_interval_ms: 1000,
    },
  });
});
afterAll(() => mock.close());

interface StreamResult {
  status: number;
  raw: string;
  complete: boolean;
}

function stream(agent: Agent): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${mock.url}/v1/automation/run-sse`, { method: 'POST', agent }, (res) => {
      let raw = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        raw += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, raw, complete: res.complete }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(VALID_BODY));
  });
}

describe('load', () => {
  it(`serves ${STREAMS} concurrent SSE streams completely`, async () => {
    const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
    try {
      const pending = Promise.all(Array.from({ length: STREAMS }, () => stream(agent)));
      await waitFor(() => (mock.stats().open_streams === STREAMS ? true : undefined), 50_000);
      // Let every stream carry events for a while with all 1,000 open.
      await new Promise((r) => setTimeout(r, 500));
      const ids = mock.allGroundTruth().map((t) => t.run_id);
      for (let i = 0; i < ids.length; i += 100) {
        const res = await http(mock.url, 'POST', '/v1/runs/batch/cancel', {
          body: { run_ids: ids.slice(i, i + 100) },
        });
        expect(res.status).toBe(200);
      }
      const results = await pending;
      const stats = mock.stats();
      expect(stats.max_open_streams).toBe(STREAMS);
      expect(stats.max_in_flight_runs).toBe(STREAMS);
      expect(stats.open_streams).toBe(0);
      expect(stats.in_flight_runs).toBe(0);
      expect(stats.runs_created).toBe(STREAMS);
      expect(stats.runs_by_status.CANCELLED).toBe(STREAMS);

      const truths = new Map(mock.allGroundTruth().map((t) => [t.run_id, t]));
      for (const r of results) {
        expect(r.status).toBe(200);
        expect(r.complete).toBe(true);
        expect(r.raw).toMatch(/^(data: \{[^\n]*\}\n\n)+$/);
        const events = r.raw
          .slice(0, -2)
          .split('\n\n')
          .map((f) => JSON.parse(f.slice(6)) as { type: string; run_id?: string; status?: string });
        const started = events.find((e) => e.type !== 'HEARTBEAT')!;
        expect(started.type).toBe('STARTED');
        expect(events.some((e) => e.type === 'PROGRESS')).toBe(true);
        const last = events.at(-1)!;
        expect(last).toMatchObject({ type: 'COMPLETE', status: 'CANCELLED' });
        const truth = truths.get(started.run_id!)!;
        expect(truth.events.map((e) => e.type)).toEqual(events.map((e) => e.type));
        expect(truth.events.every((e) => e.written)).toBe(true);
        expect(truth.response.end_reason).toBe('complete');
      }
    } finally {
      agent.destroy();
    }
  }, 90_000);
});
