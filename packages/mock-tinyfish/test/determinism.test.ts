import { afterEach, describe, expect, it } from 'vitest';
import { type MockTinyFish, type RunGroundTruth, startMockTinyFish } from '../src/index.js';
import { framesJson, http, openSse, VALID_BODY, waitFor } from './helpers.js';

type Json = Record<string, unknown>;

/** A random-looking but fast model: every choice comes from the seed. */
const RANDOM_MODEL = {
  started_delay_ms: { dist: 'uniform', min: 0, max: 10 },
  streaming_url_delay_ms: { dist: 'normal', mean: 5, stddev: 3 },
  steps: { min: 1, max: 5 },
  step_delay_ms: { dist: 'lognormal', median: 5, sigma: 0.6, max: 30 },
  heartbeat_interval_ms: 0,
  outcome_probabilities: { completed: 2, failed: 1, cancelled: 1 },
  goal_failure_probability: 0.3,
  tf_api_results: 1,
  fault_probabilities: { rate_limit: 0.15, service_busy: 0.1 },
  sync_failure_status: 200,
} as const;

const GOALS = [
  'Find product prices',
  'Read the news headlines',
  'List the pricing plans',
  'Collect job openings',
];

/** What a run looked like, without ids and wall-clock times. */
interface Fingerprint {
  status: number;
  fault: string | null;
  outcome?: string;
  steps?: number;
  model_offsets?: [string, number][];
  result?: unknown;
  events?: unknown[];
}

async function scenario(mock: MockTinyFish): Promise<Fingerprint[]> {
  const out: Fingerprint[] = [];
  const runIds: (string | null)[] = [];
  for (let i = 0; i < 12; i++) {
    const body = { ...VALID_BODY, goal: GOALS[i % GOALS.length] };
    if (i % 3 === 0) {
      const cap = await openSse(mock.url, body).done;
      const log = mock.requests().at(-1)!;
      runIds.push(log.run_id);
      if (cap.status !== 200) {
        out.push({ status: cap.status, fault: log.fault });
        continue;
      }
      // Ids and wall-clock times differ by design; the streaming URL embeds the id.
      const events = framesJson(cap).map(({ run_id, timestamp, streaming_url, ...rest }) => rest);
      out.push({ status: 200, fault: null, events });
    } else {
      const res = await http(
        mock.url,
        'POST',
        i % 3 === 1 ? '/v1/automation/run' : '/v1/automation/run-async',
        { body },
      );
      const log = mock.requests().at(-1)!;
      runIds.push(log.run_id);
      const result = i % 3 === 1 ? (res.json as Json).result : undefined;
      out.push({
        status: res.status,
        fault: log.fault,
        ...(res.status === 200 ? { fault: null, result } : {}),
      });
    }
  }
  // Async runs go on after their response: compare them once every run has ended.
  const ended = (id: string) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(mock.groundTruth(id)!.status);
  await waitFor(() => (runIds.every((id) => id === null || ended(id)) ? true : undefined));
  return out.map((f, i) => (runIds[i] ? { ...f, ...describeTruth(mock.groundTruth(runIds[i]!)!) } : f));
}

function describeTruth(t: RunGroundTruth): Partial<Fingerprint> {
  return {
    outcome: t.outcome,
    steps: t.steps_planned,
    // Planned offsets minus the parse time are the model's own offsets: identical for identical seeds.
    model_offsets: t.events.map((e) => [
      e.type,
      Math.round(((e.planned_offset_ms ?? 0) - t.body_parsed_offset_ms) * 1e6) / 1e6,
    ]),
  };
}

const servers: MockTinyFish[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(seed: number): Promise<MockTinyFish> {
  const mock = await startMockTinyFish({ seed, model: RANDOM_MODEL });
  servers.push(mock);
  return mock;
}

describe('determinism', () => {
  it('gives the same behaviour for the same seed and the same request order', async () => {
    const a = await scenario(await start(42));
    const b = await scenario(await start(42));
    expect(b).toEqual(a);
    // The scenario exercises the model: several outcomes and at least one fault.
    expect(new Set(a.map((f) => f.outcome ?? f.fault)).size).toBeGreaterThanOrEqual(3);
  });

  it('gives different behaviour for another seed', async () => {
    const a = await scenario(await start(42));
    const c = await scenario(await start(43));
    expect(c).not.toEqual(a);
  });

  it('replays from the start after reset, and from a new seed after reset({seed})', async () => {
    const mock = await start(42);
    const first = await scenario(mock);
    mock.reset();
    expect(await scenario(mock)).toEqual(first);
    const other = await start(43);
    const expected = await scenario(other);
    const reset = await http(mock.url, 'POST', '/__mock/reset', { body: { seed: 43 } });
    expect(reset.json).toEqual({ seed: 43 });
    expect(await scenario(mock)).toEqual(expected);
  });

  it('a request with its own mock.seed behaves the same anywhere in the order and does not shift the others', async () => {
    const a = await start(42);
    const b = await start(42);
    const seeded = { ...VALID_BODY, mock: { seed: 7, fault: 'none' } };
    const plain = { ...VALID_BODY, mock: { fault: 'none' } };
    await http(a.url, 'POST', '/v1/automation/run-async', { body: plain });
    await http(a.url, 'POST', '/v1/automation/run-async', { body: seeded });
    await http(a.url, 'POST', '/v1/automation/run-async', { body: plain });
    await http(b.url, 'POST', '/v1/automation/run-async', { body: seeded });
    await http(b.url, 'POST', '/v1/automation/run-async', { body: plain });
    await http(b.url, 'POST', '/v1/automation/run-async', { body: plain });
    const finished = (m: MockTinyFish) =>
      m.allGroundTruth().every((t) => t.status !== 'PENDING' && t.status !== 'RUNNING');
    await waitFor(() => (finished(a) && finished(b) ? true : undefined));
    const ta = a.allGroundTruth();
    const tb = b.allGroundTruth();
    expect(ta[1]!.seed).toBe(7);
    expect(tb[0]!.seed).toBe(7);
    expect(ta[1]!.steps_planned).toBe(tb[0]!.steps_planned);
    // The same plan relative to when each server parsed the body; the subtraction of two
    // absolute offsets differs in the last bits between servers (1e-13 ms), so compare closely.
    const planA = ta[1]!.events.map((e) => e.planned_offset_ms! - ta[1]!.body_parsed_offset_ms);
    const planB = tb[0]!.events.map((e) => e.planned_offset_ms! - tb[0]!.body_parsed_offset_ms);
    expect(planA).toHaveLength(planB.length);
    for (const [i, offset] of planA.entries()) expect(offset).toBeCloseTo(planB[i]!, 6);
    expect(ta[1]!.outcome).toBe(tb[0]!.outcome);
    // The unseeded requests at positions 1 and 3 drew the same server seeds in both servers.
    // Position 3 drew the same server seed in both orders: the seeded request took its draw too.
    expect(ta[0]!.seed).not.toBe(7);
    expect(ta[2]!.seed).toBe(tb[2]!.seed);
  });
});
