/**
 * The load knob: a run accepted with n runs in flight has every delay scaled by
 * 1 + max(0, n - knee) / scale, the OpenAI mock's model; the draws themselves do not change.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_BEHAVIOUR, parseBehaviourInput } from '../src/index.js';
import { mergeBehaviour } from '../src/model.js';
import { loadMultiplier, planRun } from '../src/plan.js';
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

const behaviour = mergeBehaviour(DEFAULT_BEHAVIOUR, {
  started_delay_ms: { dist: 'uniform', min: 5, max: 15 },
  step_delay_ms: { dist: 'uniform', min: 10, max: 30 },
  steps: 3,
  outcome: 'COMPLETED',
  load: { knee: 2, scale: 0.5 },
});

const offsets = (inFlight: number) =>
  planRun(behaviour, REQUEST, new SeededRandom(9), inFlight).events.map((event) => event.at_ms);

describe('the load model', () => {
  it('leaves runs at or below the knee as they are, and scales every delay beyond it', () => {
    const alone = planRun({ ...behaviour, load: null }, REQUEST, new SeededRandom(9)).events.map(
      (e) => e.at_ms,
    );
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
