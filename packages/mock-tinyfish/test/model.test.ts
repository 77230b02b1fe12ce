import { describe, expect, it } from 'vitest';
import { sampleDelay } from '../src/distributions.js';
import { DEFAULT_BEHAVIOUR, type DelayDistribution, parseBehaviourInput } from '../src/index.js';
import { mergeBehaviour } from '../src/model.js';
import { drawFault, loadMultiplier, planRun } from '../src/plan.js';
import { SeededRandom } from '../src/prng.js';
import type { RunRequest } from '../src/validation.js';

const REQUEST: RunRequest = {
  goal: 'Extract product prices',
  url: 'https://example.com',
  proxy_enabled: null,
  proxy_country_code: null,
  max_steps: null,
  output_schema: null,
  has_output_schema: false,
  recording: false,
  mock: {},
  mock_raw: undefined,
};

function samples(d: DelayDistribution, n: number, seed = 1): number[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, () => sampleDelay(d, rng));
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new SeededRandom(99);
    const b = new SeededRandom(99);
    const c = new SeededRandom(100);
    const seqA = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws integers uniformly within inclusive bounds', () => {
    const rng = new SeededRandom(5);
    const counts = new Map<number, number>();
    for (let i = 0; i < 6000; i++) {
      const v = rng.int(1, 6);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });
});

describe('delay distributions', () => {
  it('fixed always gives its value, clamped at 0', () => {
    expect(samples({ dist: 'fixed', value: 12 }, 5)).toEqual([12, 12, 12, 12, 12]);
    expect(samples({ dist: 'fixed', value: -3 }, 1)).toEqual([0]);
  });

  it('uniform stays within [min, max] with the right mean', () => {
    const xs = samples({ dist: 'uniform', min: 10, max: 30 }, 20000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...xs)).toBeLessThanOrEqual(30);
    expect(mean(xs)).toBeCloseTo(20, 0);
  });

  it('normal has the configured mean and sd, and is clamped at 0 and at its bounds', () => {
    const xs = samples({ dist: 'normal', mean: 100, stddev: 15 }, 20000);
    const m = mean(xs);
    const sd = Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
    expect(Math.abs(m - 100)).toBeLessThan(1);
    expect(Math.abs(sd - 15)).toBeLessThan(0.6);
    const wide = samples({ dist: 'normal', mean: 5, stddev: 50 }, 5000);
    expect(Math.min(...wide)).toBe(0);
    const bounded = samples({ dist: 'normal', mean: 100, stddev: 50, min: 80, max: 120 }, 5000);
    expect(Math.min(...bounded)).toBe(80);
    expect(Math.max(...bounded)).toBe(120);
  });

  it('caps every sample at 24 h, so a heavy tail cannot park a run forever', () => {
    const xs = samples({ dist: 'lognormal', median: 3_600_000, sigma: 10 }, 2000);
    expect(Math.max(...xs)).toBe(86_400_000);
  });

  it('lognormal has the configured median and a right tail', () => {
    const xs = samples({ dist: 'lognormal', median: 200, sigma: 0.5 }, 20000);
    expect(Math.abs(median(xs) - 200)).toBeLessThan(8);
    expect(mean(xs)).toBeGreaterThan(median(xs));
    expect(Math.min(...xs)).toBeGreaterThan(0);
  });
});

describe('parseBehaviourInput', () => {
  it('accepts a number as a fixed distribution and the documented shapes', () => {
    const { value, issues } = parseBehaviourInput({
      step_delay_ms: 20,
      started_delay_ms: { dist: 'lognormal', median: 100, sigma: 0.3, max: 500 },
      steps: { min: 1, max: 4 },
      outcome_probabilities: { completed: 3, failed: 1 },
      fault_probabilities: { rate_limit: 0.1, drop_mid_stream: 0.05 },
      failure: { message: 'boom' },
      seed: 12,
    });
    expect(issues).toEqual([]);
    expect(value.step_delay_ms).toEqual({ dist: 'fixed', value: 20 });
    expect(value.outcome_probabilities).toEqual({ completed: 3, failed: 1, cancelled: 0 });
    expect(value.failure).toEqual({
      code: 'task_failed',
      message: 'boom',
      category: 'AGENT_FAILURE',
      retry_after: null,
    });
  });

  it.each([
    [{ steps: -1 }, 'mock.steps'],
    [{ steps: { min: 5, max: 2 } }, 'mock.steps'],
    [{ step_delay_ms: { dist: 'uniform', min: 9, max: 1 } }, 'mock.step_delay_ms'],
    [{ step_delay_ms: { dist: 'normal', mean: 1 } }, 'mock.step_delay_ms.stddev'],
    [{ outcome: 'DONE' }, 'mock.outcome'],
    [{ outcome_probabilities: { completed: 0 } }, 'mock.outcome_probabilities'],
    [{ fault_probabilities: { rate_limit: 0.7, service_busy: 0.5 } }, 'mock.fault_probabilities'],
    [{ failures: [] }, 'mock.failures'],
    [{ failure: { message: 'x', category: 'OOPS' } }, 'mock.failure.category'],
    [{ spelling: 'kebab' }, 'mock.spelling'],
    [{ sync_failure_status: 404 }, 'mock.sync_failure_status'],
    [{ runaway_line_bytes: 10 }, 'mock.runaway_line_bytes'],
    [{ unknown_key: 1 }, 'mock'],
    [{ step_delay_ms: 90_000_000 }, 'mock.step_delay_ms'],
  ])('rejects %j at %s', (input, path) => {
    const { issues } = parseBehaviourInput(input);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.path.join('.')).toBe(path);
  });
});

describe('planRun', () => {
  const fast = mergeBehaviour(DEFAULT_BEHAVIOUR, {
    started_delay_ms: { dist: 'fixed', value: 10 },
    streaming_url_delay_ms: { dist: 'fixed', value: 5 },
    step_delay_ms: { dist: 'fixed', value: 20 },
    complete_delay_ms: { dist: 'fixed', value: 7 },
    steps: 4,
    outcome: 'COMPLETED',
    tf_api_results: 2,
  });

  it('lays out STARTED, STREAMING_URL, PROGRESS and TF_API_RESULT, COMPLETE at the model offsets', () => {
    const plan = planRun(fast, REQUEST, new SeededRandom(1));
    expect(plan.events.map((e) => [e.type, e.at_ms])).toEqual([
      ['STARTED', 10],
      ['STREAMING_URL', 15],
      ['PROGRESS', 35],
      ['PROGRESS', 55],
      ['TF_API_RESULT', 65],
      ['PROGRESS', 75],
      ['PROGRESS', 95],
      ['TF_API_RESULT', 98.5],
      ['COMPLETE', 102],
    ]);
    expect(plan.events[2]!.purpose).toBe('Navigating to https://example.com');
    expect(plan.result).toHaveProperty('products');
  });

  it('is a pure function of the behaviour, the request and the seed', () => {
    const random = mergeBehaviour(DEFAULT_BEHAVIOUR, {
      outcome_probabilities: { completed: 1, failed: 1, cancelled: 1 },
    });
    for (let seed = 0; seed < 20; seed++) {
      expect(planRun(random, REQUEST, new SeededRandom(seed))).toEqual(
        planRun(random, REQUEST, new SeededRandom(seed)),
      );
    }
    const plans = Array.from({ length: 20 }, (_, seed) => planRun(random, REQUEST, new SeededRandom(seed)));
    expect(new Set(plans.map((p) => p.outcome)).size).toBe(3);
    expect(new Set(plans.map((p) => p.events.at(-1)!.at_ms)).size).toBe(20);
  });

  it('draws exactly one value for the fault whatever the settings', () => {
    const none = new SeededRandom(3);
    const forced = new SeededRandom(3);
    drawFault(DEFAULT_BEHAVIOUR, none);
    expect(drawFault(mergeBehaviour(DEFAULT_BEHAVIOUR, { fault: 'rate_limit' }), forced)).toBe('rate_limit');
    expect(forced.next()).toBe(none.next());
  });

  it('fails with max_steps_exceeded at max_steps PROGRESS events', () => {
    const plan = planRun(fast, { ...REQUEST, max_steps: 2 }, new SeededRandom(1));
    expect(plan.outcome).toBe('FAILED');
    expect(plan.failure?.code).toBe('max_steps_exceeded');
    expect(plan.events.filter((e) => e.type === 'PROGRESS')).toHaveLength(2);
  });

  it('reports a goal failure inside a COMPLETED result when goal_failure_probability is 1', () => {
    const plan = planRun(
      mergeBehaviour(fast, { goal_failure_probability: 1 }),
      { ...REQUEST, has_output_schema: true },
      new SeededRandom(1),
    );
    expect(plan.outcome).toBe('COMPLETED');
    expect(plan.result).toMatchObject({ status: 'failure' });
    expect(plan.schema_validation?.valid).toBe(false);
  });
});

/**
 * The load knob: a run accepted with n runs in flight has every delay scaled by
 * 1 + max(0, n - knee) / scale, the OpenAI mock's model; the draws themselves do not change.
 */
const loaded = mergeBehaviour(DEFAULT_BEHAVIOUR, {
  started_delay_ms: { dist: 'uniform', min: 5, max: 15 },
  step_delay_ms: { dist: 'uniform', min: 10, max: 30 },
  steps: 3,
  outcome: 'COMPLETED',
  load: { knee: 2, scale: 0.5 },
});

const offsets = (inFlight: number) =>
  planRun(loaded, REQUEST, new SeededRandom(9), inFlight).events.map((event) => event.at_ms);

describe('the load model', () => {
  it('leaves runs at or below the knee as they are, and scales every delay beyond it', () => {
    const alone = planRun({ ...loaded, load: null }, REQUEST, new SeededRandom(9)).events.map((e) => e.at_ms);
    expect(offsets(1)).toEqual(alone);
    expect(offsets(2)).toEqual(alone);
    // 4 in flight: 1 + (4 - 2) / 0.5 = 5 times slower.
    for (const [i, at] of offsets(4).entries()) expect(at).toBeCloseTo((alone[i] as number) * 5, 9);
  });

  it('grows linearly beyond the knee', () => {
    expect(loadMultiplier(null, 100)).toBe(1);
    expect(loadMultiplier({ knee: 8, scale: 4 }, 8)).toBe(1);
    expect(loadMultiplier({ knee: 8, scale: 4 }, 12)).toBe(2);
    expect(loadMultiplier({ knee: 8, scale: 4 }, 16)).toBe(3);
  });

  it('is set like any behaviour key, and a bad one names its field', () => {
    expect(parseBehaviourInput({ load: { knee: 4, scale: 2 } })).toEqual({
      value: { load: { knee: 4, scale: 2 } },
      issues: [],
    });
    for (const [load, field] of [
      [{ knee: -1, scale: 1 }, 'knee'],
      [{ knee: 1, scale: 0 }, 'scale'],
      [{ knee: 1, scale: 1, extra: 1 }, 'extra'],
      ['fast', 'load'],
    ] as const) {
      const parsed = parseBehaviourInput({ load });
      expect(parsed.issues.length, JSON.stringify(load)).toBeGreaterThan(0);
      expect(JSON.stringify(parsed.issues)).toContain(field);
    }
  });
});
