import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateThreshold,
  formatThreshold,
  parseThreshold,
  runGoalVerdict,
  THRESHOLD_AGGREGATES,
  THRESHOLD_METRICS,
  THRESHOLD_OPERATORS,
  THRESHOLD_RATES,
  type ThresholdExpression,
  type ThresholdRun,
  ThresholdSyntaxError,
} from '../src/thresholds/index.js';

function syntaxError(expression: string): ThresholdSyntaxError {
  try {
    parseThreshold(expression);
  } catch (error) {
    if (error instanceof ThresholdSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${expression}" parsed, but a syntax error was expected`);
}

describe('parseThreshold', () => {
  it('parses the examples of the issue', () => {
    expect(parseThreshold('p95(total_duration_ms) < 30000')).toEqual({
      kind: 'aggregate',
      aggregate: 'p95',
      metric: 'total_duration_ms',
      operator: '<',
      value: 30000,
      source: 'p95(total_duration_ms) < 30000',
    });
    expect(parseThreshold('success_rate >= 0.95')).toEqual({
      kind: 'rate',
      rate: 'success_rate',
      operator: '>=',
      value: 0.95,
      source: 'success_rate >= 0.95',
    });
    expect(parseThreshold('p50(ttft_ms) < 2000')).toMatchObject({
      aggregate: 'p50',
      metric: 'ttft_ms',
      value: 2000,
    });
    expect(parseThreshold('max(cost_usd) < 0.5')).toMatchObject({
      aggregate: 'max',
      metric: 'cost_usd',
      value: 0.5,
    });
  });

  it('accepts every aggregate, metric, rate and operator, with or without spaces', () => {
    for (const aggregate of THRESHOLD_AGGREGATES) {
      for (const metric of THRESHOLD_METRICS) {
        for (const operator of THRESHOLD_OPERATORS) {
          expect(parseThreshold(`${aggregate}(${metric})${operator}1`)).toMatchObject({
            aggregate,
            metric,
            operator,
          });
        }
      }
    }
    for (const rate of THRESHOLD_RATES) {
      expect(parseThreshold(`  ${rate}   !=\t0.5 `)).toMatchObject({
        kind: 'rate',
        rate,
        operator: '!=',
        value: 0.5,
      });
    }
  });

  it('reads a bare cost_usd as the total over every run that has a cost, whatever its status', () => {
    expect(parseThreshold('cost_usd > 10')).toEqual({
      kind: 'total',
      total: 'cost_usd',
      operator: '>',
      value: 10,
      source: 'cost_usd > 10',
    });
    const runs = [
      { status: 'completed', cost_usd: 4 },
      { status: 'failed', cost_usd: 7 },
      { status: 'cancelled', cost_usd: null },
    ];
    expect(evaluateThreshold('cost_usd > 10', { runs })).toEqual({
      expression: 'cost_usd > 10',
      observed: 11,
      passed: true,
      n: 2,
    });
    expect(evaluateThreshold('cost_usd < 1', { runs: [] })).toMatchObject({ observed: 0, passed: true });
    // Other metrics still need an aggregate.
    expect(() => parseThreshold('ttft_ms > 10')).toThrow(/needs an aggregate/);
  });

  it('converts units to milliseconds and percentages to fractions', () => {
    expect(parseThreshold('p95(total_duration_ms) < 30s').value).toBe(30000);
    expect(parseThreshold('p95(total_duration_ms) < 1.5 s').value).toBe(1500);
    expect(parseThreshold('mean(itl_mean) <= 800ms').value).toBe(800);
    expect(parseThreshold('success_rate >= 95%').value).toBeCloseTo(0.95, 15);
    expect(parseThreshold('error_rate < 0.5 %').value).toBeCloseTo(0.005, 15);
    expect(parseThreshold('min(steps) > -1').value).toBe(-1);
  });

  it('says where, what was found and what was expected, with a caret line', () => {
    const error = syntaxError('p95(total_duration_ms) 30000');
    expect(error.message).toBe(
      'expected a comparison operator (<, <=, >, >=, ==, !=) at column 23, found "30000"',
    );
    expect(error).toMatchObject({
      column: 23,
      found: '30000',
      code: 'THRESHOLD_SYNTAX_ERROR',
      httpStatus: 400,
    });
    expect(error.render()).toBe(
      [
        'expected a comparison operator (<, <=, >, >=, ==, !=) at column 23, found "30000"',
        '  p95(total_duration_ms) 30000',
        '                         ^^^^^',
      ].join('\n'),
    );
    expect(error.details).toEqual({
      expression: 'p95(total_duration_ms) 30000',
      column: 23,
      found: '30000',
      expected: 'a comparison operator (<, <=, >, >=, ==, !=)',
      hint: null,
    });
  });

  it('explains the common mistakes at the right column', () => {
    const cases: Array<[string, number, string | null, RegExp]> = [
      [
        '',
        0,
        null,
        /^expected an aggregate \(p50, .*\) or a rate \(success_rate, .*\) at column 0, found the end/,
      ],
      ['p95(ttft) < 3', 4, 'ttft', /expected a metric .* found "ttft"; did you mean "ttft_ms"\?$/],
      ['p96(ttft_ms) < 3', 0, 'p96', /did you mean "p9\d"\?$/],
      ['P95(ttft_ms) < 3', 0, 'P95', /did you mean "p95"\?$/],
      ['succes_rate > 0.9', 0, 'succes_rate', /did you mean "success_rate"\?$/],
      [
        'total_duration_ms < 5',
        0,
        'total_duration_ms',
        /a metric needs an aggregate, e\.g\. p95\(total_duration_ms\)$/,
      ],
      [
        'mean(success_rate) > 0.5',
        5,
        'success_rate',
        /success_rate is a rate: write it without an aggregate/,
      ],
      ['p95(total_duration_ms) = 5', 23, '=', /found "="; did you mean "=="\?$/],
      ['p95 total_duration_ms < 5', 4, 'total_duration_ms', /^expected "\(" after p95 at column 4/],
      [
        'p50(ttft_ms',
        11,
        null,
        /^expected "\)" after ttft_ms at column 11, found the end of the expression$/,
      ],
      ['p50(ttft_ms) <', 14, null, /^expected a number at column 14/],
      ['p50(ttft_ms) < fast', 15, 'fast', /^expected a number at column 15, found "fast"$/],
      ['p50(ttft_ms) < 2000 ms extra', 23, 'extra', /^expected the end of the expression at column 23/],
      ['p95(total_duration_ms) < 3 h', 27, 'h', /^expected a unit \(ms or s\) or the end of the expression/],
      ['max(cost_usd) < 0.5 s', 20, 's', /max\(cost_usd\) is not a duration, so it takes no unit$/],
      ['count(ttft_ms) > 3 s', 19, 's', /count\(ttft_ms\) is not a duration/],
      ['p95(total_duration_ms) < 5%', 26, '%', /^expected a unit \(ms or s\) or the end of the expression/],
      ['success_rate >= 95', 16, '95', /did you mean 95% \(0\.95\)\?$/],
      ['success_rate >= 120%', 16, '120', /^expected a fraction from 0 to 1 or a percentage from 0% to 100%/],
      ['success_rate >= 0.9 ms', 20, 'ms', /^expected "%" or the end of the expression/],
      [
        'p95(ttft_ms) < 1 # x',
        17,
        '#',
        /^expected a unit \(ms or s\) or the end of the expression at column 17, found "#"$/,
      ],
    ];
    for (const [expression, column, found, message] of cases) {
      const error = syntaxError(expression);
      expect({ expression, column: error.column, found: error.found }).toEqual({ expression, column, found });
      expect(error.message).toMatch(message);
    }
  });

  it('refuses a bound too large to be a finite number, with or without its unit', () => {
    const huge = `1${'0'.repeat(469)}`;
    const error = syntaxError(`p95(total_duration_ms) < ${huge}`);
    expect({ column: error.column, found: error.found }).toEqual({ column: 25, found: huge });
    expect(error.message).toMatch(/^expected a finite number/);
    // Finite as written, infinite once seconds become milliseconds.
    expect(syntaxError(`p95(ttft_ms) < 1${'0'.repeat(307)} s`).message).toMatch(/^expected a finite number/);
    expect(parseThreshold(`max(cost_usd) < 1${'0'.repeat(300)}`).value).toBe(1e300);
  });

  it('keeps tabs in the caret line so the caret stays under the culprit', () => {
    // "slow" starts at column 15, after two tabs; the padding repeats the tabs.
    const error = syntaxError('p95(ttft_ms)\t<\tslow');
    expect(error.column).toBe(15);
    expect(error.render().split('\n')[2]).toBe(`  ${' '.repeat(12)}\t \t^^^^`);
  });

  it('formats a threshold back to text that parses to the same threshold', () => {
    const arbitraryThreshold = fc.oneof(
      fc.record({
        kind: fc.constant('aggregate' as const),
        aggregate: fc.constantFrom(...THRESHOLD_AGGREGATES),
        metric: fc.constantFrom(...THRESHOLD_METRICS),
        operator: fc.constantFrom(...THRESHOLD_OPERATORS),
        value: fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }),
      }),
      fc.record({
        kind: fc.constant('rate' as const),
        rate: fc.constantFrom(...THRESHOLD_RATES),
        operator: fc.constantFrom(...THRESHOLD_OPERATORS),
        value: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    );
    fc.assert(
      fc.property(arbitraryThreshold, (threshold) => {
        const text = formatThreshold({ ...threshold, source: '' } as ThresholdExpression);
        const { source: _source, ...reparsed } = parseThreshold(text);
        expect(reparsed).toEqual({ ...threshold, value: threshold.value === 0 ? 0 : threshold.value });
      }),
      { numRuns: 500 },
    );
  });

  it('parses every example of docs/thresholds.md', () => {
    const doc = readFileSync(new URL('../../../docs/thresholds.md', import.meta.url), 'utf8');
    const blocks = [...doc.matchAll(/```threshold\n([\s\S]*?)```/g)].map((match) => match[1] as string);
    const examples = blocks.flatMap((block) => block.split('\n').filter((line) => line.trim() !== ''));
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const example of examples) expect(() => parseThreshold(example), example).not.toThrow();
  });
});

describe('evaluateThreshold', () => {
  const runs: ThresholdRun[] = [
    {
      status: 'completed',
      total_duration_ms: 1000,
      ttft_ms: 100,
      steps: 3,
      cost_usd: 0.1,
      assertions_passed: true,
    },
    {
      status: 'completed',
      total_duration_ms: 2000,
      ttft_ms: 300,
      steps: 5,
      cost_usd: 0.2,
      goal_success: false,
    },
    {
      status: 'completed',
      total_duration_ms: 3000,
      ttft_ms: null,
      steps: 7,
      cost_usd: 0.3,
      goal_success: true,
    },
    { status: 'completed', total_duration_ms: 4000, inter_token_stats: { mean: 250 }, cost_usd: 0.4 },
    { status: 'failed', total_duration_ms: 60000, ttft_ms: 5, cost_usd: 0.9 },
    { status: 'timeout', total_duration_ms: 120000 },
    { status: 'cancelled', total_duration_ms: 1 },
    { status: 'running' },
  ];
  const sample = { runs };

  it('aggregates over completed runs only, skipping missing values', () => {
    // Completed durations 1000..4000: p95 by linear interpolation = 3000 + 0.85 * 1000.
    expect(evaluateThreshold('p95(total_duration_ms) < 30000', sample)).toEqual({
      expression: 'p95(total_duration_ms) < 30000',
      observed: expect.closeTo(3850, 9),
      passed: true,
      n: 4,
    });
    expect(evaluateThreshold('p50(ttft_ms) < 2000', sample)).toMatchObject({ observed: 200, n: 2 });
    expect(evaluateThreshold('max(cost_usd) < 0.5', sample)).toMatchObject({ observed: 0.4, passed: true });
    expect(evaluateThreshold('min(total_duration_ms) >= 1s', sample)).toMatchObject({
      observed: 1000,
      passed: true,
    });
    expect(evaluateThreshold('mean(steps) == 5', sample)).toMatchObject({ observed: 5, passed: true, n: 3 });
    expect(evaluateThreshold('count(ttft_ms) >= 3', sample)).toMatchObject({
      observed: 2,
      passed: false,
      n: 2,
    });
    expect(evaluateThreshold('mean(itl_mean) < 300', sample)).toMatchObject({ observed: 250, n: 1 });
    // Population standard deviation of 1000, 2000, 3000, 4000 is sqrt(1.25e6).
    expect(evaluateThreshold('stddev(total_duration_ms) < 2000', sample).observed).toBeCloseTo(
      Math.sqrt(1.25e6),
      9,
    );
    expect(evaluateThreshold('p99(total_duration_ms) > 3990', sample)).toMatchObject({
      observed: expect.closeTo(3970, 9),
      passed: false,
    });
  });

  it('computes rates over runs with an outcome, leaving out cancelled and unfinished runs', () => {
    expect(evaluateThreshold('success_rate >= 0.95', sample)).toEqual({
      expression: 'success_rate >= 0.95',
      observed: 4 / 6,
      passed: false,
      n: 6,
    });
    expect(evaluateThreshold('error_rate <= 34%', sample)).toMatchObject({
      observed: 2 / 6,
      passed: true,
      n: 6,
    });
    // Goal verdicts: true (assertions passed), false, true (goal_success); the others have none.
    expect(evaluateThreshold('goal_success_rate > 0.6', sample)).toMatchObject({
      observed: 2 / 3,
      passed: true,
      n: 3,
    });
  });

  it('applies every operator', () => {
    const at = (operator: string, bound: number) =>
      evaluateThreshold(`max(steps) ${operator} ${bound}`, sample).passed;
    expect([at('<', 7), at('<=', 7), at('>', 7), at('>=', 7), at('==', 7), at('!=', 7)]).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
    ]);
    expect([at('<', 8), at('>', 6), at('!=', 6)]).toEqual([true, true, true]);
  });

  it('does not pass when there is nothing to compute from', () => {
    const failedOnly = { runs: [{ status: 'failed', total_duration_ms: 10 }] };
    expect(evaluateThreshold('p95(total_duration_ms) < 30000', failedOnly)).toEqual({
      expression: 'p95(total_duration_ms) < 30000',
      observed: null,
      passed: false,
      n: 0,
    });
    expect(evaluateThreshold('count(total_duration_ms) == 0', failedOnly)).toMatchObject({
      observed: 0,
      passed: true,
    });
    expect(evaluateThreshold('success_rate >= 0.9', { runs: [] })).toMatchObject({
      observed: null,
      passed: false,
      n: 0,
    });
  });

  it('accepts a parsed threshold as well as text, and reports the canonical form', () => {
    const parsed = parseThreshold('p95( total_duration_ms )<30s');
    expect(evaluateThreshold(parsed, sample).expression).toBe('p95(total_duration_ms) < 30000');
    expect(() => evaluateThreshold('p95(total_duration_ms) 30000', sample)).toThrow(ThresholdSyntaxError);
  });

  it('derives a goal verdict as docs/metrics.md defines it', () => {
    expect(runGoalVerdict({ status: 'completed', assertions_passed: true })).toBe(true);
    expect(runGoalVerdict({ status: 'completed', assertions_passed: false })).toBe(false);
    expect(runGoalVerdict({ status: 'failed', assertions_passed: true })).toBe(false);
    expect(runGoalVerdict({ status: 'completed' })).toBeNull();
    expect(runGoalVerdict({ status: 'completed', assertions_passed: null })).toBeNull();
    // A verdict from the caller wins, including "no verdict".
    expect(runGoalVerdict({ status: 'completed', goal_success: false, assertions_passed: true })).toBe(false);
    expect(runGoalVerdict({ status: 'completed', goal_success: null, assertions_passed: true })).toBeNull();
  });
});

describe('token metrics', () => {
  const openaiRun = (tpot: number, speed: number) => ({
    status: 'completed',
    token_metrics: { tpot_ms: tpot, output_tokens_per_s: speed, output_tokens: 256, input_tokens: 20 },
  });

  it('reads tpot_ms and output_tokens_per_s from token_metrics, leaving runs without them out', () => {
    const runs = [openaiRun(20, 50), openaiRun(40, 25), { status: 'completed', ttft_ms: 100 }];
    expect(evaluateThreshold('p95(tpot_ms) < 50', { runs })).toMatchObject({ passed: true, n: 2 });
    expect(evaluateThreshold('mean(output_tokens_per_s) > 30', { runs })).toMatchObject({
      observed: 37.5,
      passed: true,
      n: 2,
    });
    expect(evaluateThreshold('max(output_tokens) == 256', { runs }).passed).toBe(true);
    expect(parseThreshold('p95(tpot_ms) < 0.05 s')).toMatchObject({ metric: 'tpot_ms', value: 50 });
  });
});
