import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockTinyFish, startMockTinyFish } from '../src/index.js';
import { VALID_BODY } from './helpers.js';

/**
 * 1,000 concurrent SSE streams on one mock: every stream must be complete and correctly framed,
 * and the counters must show that all of them really were open at once. Correctness under
 * load only; speed is measured elsewhere.
 */
const STREAMS = 1000;

let mock: MockTinyFish;
beforeAll(async () => {
  mock = await startMockTinyFish({
    seed: 1000,
    model: {
      // Long enough that all connections are open before the first run ends, even on a
      // loaded machine where opening 1,000 connections can take a second or two.
      started_delay_ms: 2500,
      streaming_url_delay_ms: { dist: 'uniform', min: 10, max: 50 },
      steps: { min: 2, max: 5 },
      step_delay_ms: { dist: 'lognormal', median: 150, sigma: 0.4, max: 400 },
      heartbeat_interval_ms: 250,
      outcome_probabilities: { completed: 9, failed: 1 },
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
      const results = await Promise.all(Array.from({ length: STREAMS }, () => stream(agent)));
      const stats = mock.stats();
      expect(stats.max_open_streams).toBe(STREAMS);
      expect(stats.max_in_flight_runs).toBe(STREAMS);
      expect(stats.open_streams).toBe(0);
      expect(stats.in_flight_runs).toBe(0);
      expect(stats.runs_created).toBe(STREAMS);

      const truths = new Map(mock.allGroundTruth().map((t) => [t.run_id, t]));
      for (const r of results) {
        expect(r.status).toBe(200);
        expect(r.complete).toBe(true);
        expect(r.raw).toMatch(/^(data: \{[^\n]*\}\n\n)+$/);
        const events = r.raw
          .slice(0, -2)
          .split('\n\n')
          .map((f) => JSON.parse(f.slice(6)) as { type: string; run_id?: string; status?: string });
        // Heartbeats start with the stream, so they come before STARTED here.
        const started = events.find((e) => e.type !== 'HEARTBEAT')!;
        expect(started.type).toBe('STARTED');
        const last = events.at(-1)!;
        expect(last.type).toBe('COMPLETE');
        const truth = truths.get(started.run_id!)!;
        expect(last.status).toBe(truth.outcome);
        expect(truth.events.map((e) => e.type)).toEqual(events.map((e) => e.type));
        expect(truth.events.every((e) => e.written)).toBe(true);
        expect(truth.response.end_reason).toBe('complete');
      }
    } finally {
      agent.destroy();
    }
  }, 60_000);
});
