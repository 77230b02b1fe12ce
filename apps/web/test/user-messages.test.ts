import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api';
import { dependantsText, describeField, fieldMessage, userMessage } from '@/lib/user-messages';

describe('describeField', () => {
  it.each([
    ['thresholds.0', 'Threshold on line 1'],
    ['thresholds.2', 'Threshold on line 3'],
    ['assertions.0', 'Assertion 1'],
    ['assertions.1.pattern', 'Assertion 2 (pattern)'],
    ['thresholds', 'Thresholds'],
    ['run_settings.timeout_s', 'Timeout'],
    ['body.iterations', 'Iterations'],
    ['inputs_override.mock.steps', 'Inputs override, key "mock.steps"'],
  ])('%s reads as %s', (field, words) => {
    expect(describeField(field)).toBe(words);
  });
});

describe('fieldMessage', () => {
  it('names the line instead of the path, and drops a path the API put first', () => {
    expect(fieldMessage('thresholds.0', 'thresholds.0: unknown metric "foo"')).toBe(
      'Threshold on line 1: unknown metric "foo"',
    );
    expect(fieldMessage('thresholds.1', 'expected "<", "<=", ">" or ">="')).toBe(
      'Threshold on line 2: expected "<", "<=", ">" or ">="',
    );
  });
});

describe('userMessage', () => {
  it('explains a refused delete without the API flag', () => {
    const conflict = new ApiError(
      409,
      'CONFLICT',
      'automation 4 is used by 2 scenario(s); delete them first or pass cascade=true',
      { resource: 'automation', id: 4, scenarios: 2 },
    );
    const text = userMessage(conflict);
    expect(text).toBe('It is still used by 2 scenarios.');
    expect(text).not.toMatch(/cascade/);
    expect(userMessage(new ApiError(409, 'CONFLICT', 'x; pass cascade=true', { id: 1 }))).toBe(
      'It is still in use.',
    );
    expect(dependantsText({ id: 3, runs: 1, benchmarks: 2 })).toBe('1 run and 2 benchmarks');
  });

  it('keeps a conflict the API already words for people', () => {
    expect(userMessage(new ApiError(409, 'CONFLICT', 'a scenario named "Checkout" already exists'))).toBe(
      'A scenario named "Checkout" already exists.',
    );
  });

  it('lists field errors in the form’s words', () => {
    const invalid = new ApiError(400, 'VALIDATION_ERROR', 'thresholds.0: unknown metric', [
      { field: 'thresholds.0', message: 'unknown metric "p95(foo)"' },
      { field: 'iterations', message: 'must be at least 1' },
    ]);
    expect(userMessage(invalid)).toBe(
      'Threshold on line 1: unknown metric "p95(foo)" Iterations: must be at least 1',
    );
  });

  it('says what to do when the API is down or an item is gone', () => {
    expect(
      userMessage(new ApiError(502, 'UPSTREAM_UNAVAILABLE', 'connect ECONNREFUSED 127.0.0.1:8000')),
    ).toMatch(/^The API did not answer/);
    expect(userMessage(new ApiError(404, 'NOT_FOUND', 'run 7 not found'))).toMatch(/no longer exists/);
    expect(userMessage(new TypeError('Failed to fetch'))).toMatch(/could not reach/);
  });
});
