/** The threshold language's parser: what it accepts, how it explains what it refuses, and its formatter. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateThreshold,
  formatThreshold,
  parseThreshold,
  THRESHOLD_AGGREGATES,
  THRESHOLD_METRICS,
  THRESHOLD_OPERATORS,
  THRESHOLD_RATES,
  type ThresholdExpression,
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
