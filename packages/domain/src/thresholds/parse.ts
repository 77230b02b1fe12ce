import { type Token, tokenize } from './lexer.js';
import { ThresholdSyntaxError } from './syntax-error.js';
import {
  DURATION_METRICS,
  DURATION_UNITS,
  isAggregate,
  isMetric,
  isRate,
  isTotal,
  THRESHOLD_AGGREGATES,
  THRESHOLD_METRICS,
  THRESHOLD_RATES,
  type ThresholdAggregate,
  type ThresholdMetric,
  type ThresholdOperator,
  type ThresholdRate,
  type ThresholdTotal,
} from './vocabulary.js';

/** `aggregate(metric) OP value`, e.g. `p95(total_duration_ms) < 30000`. */
export interface AggregateThreshold {
  kind: 'aggregate';
  aggregate: ThresholdAggregate;
  metric: ThresholdMetric;
  operator: ThresholdOperator;
  /** The bound in the metric's base unit: milliseconds for durations (`30s` becomes 30000). */
  value: number;
  /** The expression as written. */
  source: string;
}

/** `rate OP value`, e.g. `success_rate >= 0.95`. */
export interface RateThreshold {
  kind: 'rate';
  rate: ThresholdRate;
  operator: ThresholdOperator;
  /** The bound as a fraction from 0 to 1 (`95%` becomes 0.95). */
  value: number;
  /** The expression as written. */
  source: string;
}

/** `total OP value`, e.g. `cost_usd > 10`: a sum over the sample. */
export interface TotalThreshold {
  kind: 'total';
  total: ThresholdTotal;
  operator: ThresholdOperator;
  value: number;
  /** The expression as written. */
  source: string;
}

/** A parsed threshold expression (the AST of docs/thresholds.md). Plain data, JSON-safe. */
export type ThresholdExpression = AggregateThreshold | RateThreshold | TotalThreshold;

const OPERATORS_IN_WORDS = 'a comparison operator (<, <=, >, >=, ==, !=)';
const AGGREGATES_IN_WORDS = `an aggregate (${THRESHOLD_AGGREGATES.join(', ')}) or a rate (${THRESHOLD_RATES.join(', ')})`;
const METRICS_IN_WORDS = `a metric (${THRESHOLD_METRICS.join(', ')})`;

/** Edit distance, for "did you mean" suggestions on misspelt names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function suggest(word: string, candidates: readonly string[]): string | null {
  const lower = word.toLowerCase();
  // A prefix is the commonest slip: `ttft` for `ttft_ms`.
  const extended = candidates.find((candidate) => candidate.startsWith(lower));
  if (extended !== undefined) return `did you mean "${extended}"?`;
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === null ? null : `did you mean "${best}"?`;
}

/** Recursive descent over the token list; one method per grammar rule. */
class ThresholdParser {
  private readonly tokens: Token[];
  private position = 0;

  constructor(private readonly expression: string) {
    this.tokens = tokenize(expression);
  }

  parse(): ThresholdExpression {
    const head = this.peek();
    if (head.kind !== 'word') this.fail(AGGREGATES_IN_WORDS);
    if (isAggregate(head.text)) return this.aggregateThreshold();
    if (isRate(head.text)) return this.rateThreshold();
    if (isTotal(head.text) && this.tokens[this.position + 1]?.kind === 'operator') {
      return this.totalThreshold();
    }
    if (isMetric(head.text)) {
      this.fail(AGGREGATES_IN_WORDS, `a metric needs an aggregate, e.g. p95(${head.text})`);
    }
    this.fail(AGGREGATES_IN_WORDS, suggest(head.text, [...THRESHOLD_AGGREGATES, ...THRESHOLD_RATES]));
  }

  private aggregateThreshold(): AggregateThreshold {
    const aggregate = this.advance().text as ThresholdAggregate;
    this.expect('open', `"(" after ${aggregate}`);
    const metricToken = this.peek();
    if (metricToken.kind !== 'word' || !isMetric(metricToken.text)) {
      const hint =
        metricToken.kind === 'word' && isRate(metricToken.text)
          ? `${metricToken.text} is a rate: write it without an aggregate, e.g. ${metricToken.text} >= 0.95`
          : metricToken.kind === 'word'
            ? suggest(metricToken.text, THRESHOLD_METRICS)
            : null;
      this.fail(METRICS_IN_WORDS, hint);
    }
    const metric = this.advance().text as ThresholdMetric;
    this.expect('close', `")" after ${metric}`);
    const operator = this.operator();
    const acceptsUnit = DURATION_METRICS.has(metric) && aggregate !== 'count';
    const valueToken = this.peek();
    const value = this.number();
    const unitToken = this.peek();
    let factor: number | undefined;
    if (unitToken.kind === 'word' && acceptsUnit) {
      factor = DURATION_UNITS[unitToken.text];
      if (factor === undefined) this.fail('a unit (ms or s) or the end of the expression');
      this.advance();
    }
    if (!Number.isFinite(value * (factor ?? 1))) {
      this.failAt(valueToken, 'a finite number', 'this one is too large to compare with');
    }
    this.expectEnd(
      acceptsUnit && factor === undefined
        ? 'a unit (ms or s) or the end of the expression'
        : 'the end of the expression',
      unitToken.kind === 'word' && !acceptsUnit && DURATION_UNITS[unitToken.text] !== undefined
        ? `${aggregate}(${metric}) is not a duration, so it takes no unit`
        : null,
    );
    return {
      kind: 'aggregate',
      aggregate,
      metric,
      operator,
      value: value * (factor ?? 1),
      source: this.expression,
    };
  }

  private rateThreshold(): RateThreshold {
    const rate = this.advance().text as ThresholdRate;
    const operator = this.operator();
    const numberToken = this.peek();
    let value = this.number();
    if (this.peek().kind === 'percent') {
      this.advance();
      value /= 100;
    } else if (value > 1 && value <= 100) {
      this.failAt(
        numberToken,
        'a fraction from 0 to 1 or a percentage',
        `did you mean ${value}% (${value / 100})?`,
      );
    }
    if (value < 0 || value > 1)
      this.failAt(numberToken, 'a fraction from 0 to 1 or a percentage from 0% to 100%');
    this.expectEnd('"%" or the end of the expression');
    return { kind: 'rate', rate, operator, value, source: this.expression };
  }

  private totalThreshold(): TotalThreshold {
    const total = this.advance().text as ThresholdTotal;
    const operator = this.operator();
    const valueToken = this.peek();
    const value = this.number();
    if (!Number.isFinite(value)) this.failAt(valueToken, 'a finite number');
    this.expectEnd('the end of the expression');
    return { kind: 'total', total, operator, value, source: this.expression };
  }

  private operator(): ThresholdOperator {
    const token = this.peek();
    if (token.kind !== 'operator') {
      const hint =
        token.text === '=' ? 'did you mean "=="?' : token.text === '!' ? 'did you mean "!="?' : null;
      this.fail(OPERATORS_IN_WORDS, hint);
    }
    return this.advance().text as ThresholdOperator;
  }

  private number(): number {
    const token = this.peek();
    if (token.kind !== 'number') this.fail('a number');
    this.advance();
    return Number(token.text);
  }

  private expect(kind: Token['kind'], expected: string): void {
    if (this.peek().kind !== kind) this.fail(expected);
    this.advance();
  }

  private expectEnd(expected: string, hint: string | null = null): void {
    if (this.peek().kind !== 'end') this.fail(expected, hint);
  }

  private peek(): Token {
    return this.tokens[this.position] as Token;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position++;
    return token;
  }

  private fail(expected: string, hint: string | null = null): never {
    this.failAt(this.peek(), expected, hint);
  }

  private failAt(token: Token, expected: string, hint: string | null = null): never {
    throw new ThresholdSyntaxError({
      expression: this.expression,
      column: token.column,
      found: token.kind === 'end' ? null : token.text,
      expected,
      hint,
    });
  }
}

/**
 * Parses a threshold expression. Grammar (docs/thresholds.md):
 *
 * ```
 * threshold  = aggregate "(" metric ")" comparator number [ "ms" | "s" ]
 *            | rate comparator number [ "%" ]
 *            | total comparator number
 * ```
 *
 * Throws a {@link ThresholdSyntaxError} that names the 0-based column, the offending token
 * and what was expected.
 *
 * @example
 * ```ts
 * parseThreshold('p95(total_duration_ms) < 30s');
 * // { kind: 'aggregate', aggregate: 'p95', metric: 'total_duration_ms', operator: '<',
 * //   value: 30000, source: 'p95(total_duration_ms) < 30s' }
 * parseThreshold('success_rate >= 95%');
 * // { kind: 'rate', rate: 'success_rate', operator: '>=', value: 0.95, source: 'success_rate >= 95%' }
 * ```
 */
export function parseThreshold(expression: string): ThresholdExpression {
  return new ThresholdParser(expression).parse();
}

/**
 * The canonical text of a parsed threshold, in base units: parsing it again gives the same
 * threshold. Used as the `expression` of an evaluation.
 *
 * @example
 * ```ts
 * formatThreshold(parseThreshold('p95( total_duration_ms )<30s')); // 'p95(total_duration_ms) < 30000'
 * ```
 */
export function formatThreshold(threshold: ThresholdExpression): string {
  const subject =
    threshold.kind === 'aggregate'
      ? `${threshold.aggregate}(${threshold.metric})`
      : threshold.kind === 'total'
        ? threshold.total
        : threshold.rate;
  return `${subject} ${threshold.operator} ${formatNumber(threshold.value)}`;
}

/**
 * Plain decimal notation, since the grammar has no exponents: 1e-7 is written 0.0000001. The
 * digits are those of the shortest round-trip form, so parsing the text gives the same number.
 */
function formatNumber(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign, lead, fraction = '', exponentText] = match;
  const digits = `${lead}${fraction}`;
  const exponent = Number(exponentText);
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  return `${sign}${digits.padEnd(exponent + 1, '0')}`;
}
