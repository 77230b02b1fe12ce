import { describe, expect, it } from 'vitest';
import {
  type Assertion,
  assertionSchema,
  assertionsSchema,
  evaluateAssertions,
  formatPath,
  goalSuccess,
  MAX_REGEX_INPUT_CHARS,
  parsePath,
  resolvePath,
} from '../src/assertions/index.js';

const result = {
  status: 'ok',
  count: 3,
  products: [
    { name: 'Bulbasaur', price: '£63.00', tags: ['grass', 'poison'] },
    { name: 'Ivysaur', price: '£87.00', tags: [] },
  ],
  'price (USD)': 12.5,
  note: 'All products were found on page 1',
};
const context = { result, total_duration_ms: 1234.5, steps: 6 };

function run(assertion: Assertion) {
  return evaluateAssertions([assertionSchema.parse(assertion)], context).results[0]!;
}

describe('paths', () => {
  it('parses dot and bracket notation', () => {
    expect(parsePath('products[0].name')).toEqual(['products', 0, 'name']);
    expect(parsePath('$.products[1]["tags"][0]')).toEqual(['products', 1, 'tags', 0]);
    expect(parsePath("['price (USD)']")).toEqual(['price (USD)']);
    expect(parsePath('["a\\"b"]')).toEqual(['a"b']);
    expect(parsePath('')).toEqual([]);
    expect(parsePath('$')).toEqual([]);
  });

  it('rejects malformed paths with the position', () => {
    expect(() => parsePath('a..b')).toThrow(/position 2/);
    expect(() => parsePath('a[x]')).toThrow(/expected an index/);
    expect(() => parsePath('a["b]')).toThrow(/unterminated/);
    expect(() => parsePath('$x')).toThrow(/unexpected "x"/);
  });

  it('resolves only what exists, without aliasing indexes and keys', () => {
    expect(resolvePath(result, 'products[1].name')).toEqual({ found: true, value: 'Ivysaur' });
    expect(resolvePath(result, 'products[2]')).toEqual({ found: false });
    expect(resolvePath(result, 'products.0')).toEqual({ found: false });
    expect(resolvePath({ a: null }, 'a')).toEqual({ found: true, value: null });
    expect(resolvePath({ a: null }, 'a.b')).toEqual({ found: false });
    expect(resolvePath({}, 'toString')).toEqual({ found: false });
    expect(formatPath(['products', 0, 'price (USD)'])).toBe('products[0]["price (USD)"]');
  });
});

describe('evaluateAssertions', () => {
  it('equals compares JSON structurally', () => {
    expect(run({ type: 'equals', path: 'count', value: 3 }).passed).toBe(true);
    expect(run({ type: 'equals', path: 'products[0].tags', value: ['grass', 'poison'] }).passed).toBe(true);
    const failed = run({ type: 'equals', path: 'status', value: 'done' });
    expect(failed).toMatchObject({ passed: false, message: 'status is "ok", expected "done"' });
    expect(run({ type: 'equals', path: 'missing', value: 1 })).toMatchObject({
      passed: false,
      message: 'missing is missing',
    });
  });

  it('contains looks in strings, arrays and objects', () => {
    expect(run({ type: 'contains', path: 'note', value: 'page 1' }).passed).toBe(true);
    expect(run({ type: 'contains', path: 'note', value: 'page 2' }).passed).toBe(false);
    expect(run({ type: 'contains', path: 'products[0].tags', value: 'poison' }).passed).toBe(true);
    expect(run({ type: 'contains', path: 'products', value: { name: 'Ivysaur' } }).passed).toBe(true);
    expect(run({ type: 'contains', path: 'products', value: { name: 'Pikachu' } }).passed).toBe(false);
    expect(run({ type: 'contains', path: 'products[0]', value: { price: '£63.00' } }).passed).toBe(true);
    expect(run({ type: 'contains', path: 'count', value: 3 })).toMatchObject({ passed: false });
  });

  it('regex matches strings (and scalars as text)', () => {
    expect(run({ type: 'regex', path: 'products[0].price', pattern: '^£\\d+\\.\\d{2}$' }).passed).toBe(true);
    expect(run({ type: 'regex', path: 'status', pattern: '^OK$', flags: 'i' }).passed).toBe(true);
    expect(run({ type: 'regex', path: 'count', pattern: '^3$' }).passed).toBe(true);
    expect(run({ type: 'regex', path: 'products', pattern: '.' })).toMatchObject({
      passed: false,
      message: 'products is an array, not a string',
    });
  });

  it('regex runs in linear time: ^(a+)+$ against a long near-match answers at once', () => {
    const started = performance.now();
    const outcome = evaluateAssertions([{ type: 'regex', path: 'x', pattern: '^(a+)+$' }], {
      result: { x: `${'a'.repeat(10_000)}!` },
      total_duration_ms: 1,
      steps: 1,
    });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(outcome.results[0]).toMatchObject({ passed: false, message: 'x does not match /^(a+)+$/' });
  });

  it('regex fails, with a message, on a value longer than it may scan', () => {
    const outcome = evaluateAssertions([{ type: 'regex', path: 'x', pattern: 'a' }], {
      result: { x: 'b'.repeat(MAX_REGEX_INPUT_CHARS + 1) },
      total_duration_ms: 1,
      steps: 1,
    });
    expect(outcome.results[0]).toMatchObject({
      passed: false,
      message: `x is ${MAX_REGEX_INPUT_CHARS + 1} characters long; a regex is matched against at most ${MAX_REGEX_INPUT_CHARS}`,
    });
  });

  it('required_paths lists what is missing', () => {
    expect(run({ type: 'required_paths', paths: ['status', 'products[1].price'] }).passed).toBe(true);
    expect(run({ type: 'required_paths', paths: ['status', 'total', 'products[5]'] })).toMatchObject({
      passed: false,
      message: 'missing: total, products[5]',
    });
  });

  it('max_duration_ms and max_steps bound the run', () => {
    expect(run({ type: 'max_duration_ms', max: 2000 }).passed).toBe(true);
    expect(run({ type: 'max_duration_ms', max: 1000 })).toMatchObject({
      passed: false,
      message: 'total_duration_ms 1234.5 ms > 1000 ms',
    });
    expect(run({ type: 'max_steps', max: 6 }).passed).toBe(true);
    expect(run({ type: 'max_steps', max: 5 }).passed).toBe(false);
    const unknown = evaluateAssertions([{ type: 'max_steps', max: 5 }], { ...context, steps: null });
    expect(unknown.results[0]).toMatchObject({ passed: false, message: 'steps is unknown' });
  });

  it('json_schema validates the result, defaulting to the output_schema input', () => {
    const schema = {
      type: 'object',
      required: ['products'],
      properties: {
        products: {
          type: 'array',
          minItems: 1,
          items: { type: 'object', required: ['name', 'price'], properties: { price: { pattern: '^£' } } },
        },
      },
    };
    expect(run({ type: 'json_schema', schema }).passed).toBe(true);
    const fromInputs = evaluateAssertions([{ type: 'json_schema' }], { ...context, output_schema: schema });
    expect(fromInputs.passed).toBe(true);
    const bad = evaluateAssertions([{ type: 'json_schema' }], {
      ...context,
      result: { products: [{ name: 'x', price: '$1' }] },
      output_schema: schema,
    });
    expect(bad.results[0]).toMatchObject({
      passed: false,
      message: 'products[0].price: must match the pattern "^£"',
    });
    const none = evaluateAssertions([{ type: 'json_schema' }], { ...context, output_schema: true });
    expect(none.results[0]?.passed).toBe(false);
    expect(run({ type: 'json_schema', path: 'products[0].tags', schema: { maxItems: 1 } }).passed).toBe(
      false,
    );
  });

  it('passes only when every assertion passes, and an empty list passes', () => {
    const both = evaluateAssertions(
      [
        { type: 'equals', path: 'count', value: 3 },
        { type: 'max_steps', max: 1 },
      ],
      context,
    );
    expect(both.passed).toBe(false);
    expect(both.results.map((r) => r.passed)).toEqual([true, false]);
    expect(evaluateAssertions([], context)).toEqual({ passed: true, results: [] });
  });

  it('fails gracefully on a null result', () => {
    const outcome = evaluateAssertions(
      [
        { type: 'equals', path: 'status', value: 'ok' },
        { type: 'json_schema', schema: { type: 'object' } },
      ],
      { result: null, total_duration_ms: 10, steps: 0 },
    );
    expect(outcome.passed).toBe(false);
    expect(outcome.results[1]?.message).toBe('$: expected object, got null');
  });
});

describe('goalSuccess', () => {
  it('needs completion and passing assertions, and is unknown without assertions', () => {
    const passing = evaluateAssertions([{ type: 'max_steps', max: 10 }], context);
    expect(goalSuccess('completed', passing)).toBe(true);
    expect(goalSuccess('failed', passing)).toBe(false);
    expect(goalSuccess('completed', evaluateAssertions([{ type: 'max_steps', max: 1 }], context))).toBe(
      false,
    );
    expect(goalSuccess('completed', null)).toBeNull();
    expect(goalSuccess('completed', evaluateAssertions([], context))).toBeNull();
  });
});

describe('assertion schemas (what the API validates scenarios with)', () => {
  it('accepts every assertion type', () => {
    const all = [
      { type: 'json_schema', schema: { type: 'object' } },
      { type: 'json_schema' },
      { type: 'required_paths', paths: ['a', 'b[0]'] },
      { type: 'equals', path: 'a', value: null },
      { type: 'contains', path: 'a', value: 'x', name: 'mentions x' },
      { type: 'regex', path: 'a', pattern: '^x', flags: 'i' },
      { type: 'max_duration_ms', max: 30_000 },
      { type: 'max_steps', max: 20 },
    ];
    expect(assertionsSchema.parse(all)).toHaveLength(all.length);
  });

  it('rejects unknown types, bad paths, bad regexes, unsupported schema keywords and stray keys', () => {
    const reject = (value: unknown) => assertionSchema.safeParse(value).success;
    expect(reject({ type: 'max_tokens', max: 1 })).toBe(false);
    expect(reject({ type: 'equals', path: 'a..b', value: 1 })).toBe(false);
    expect(reject({ type: 'equals', path: 'a' })).toBe(false);
    expect(reject({ type: 'regex', path: 'a', pattern: '(' })).toBe(false);
    expect(reject({ type: 'regex', path: 'a', pattern: 'x', flags: 'g' })).toBe(false);
    // RE2 has no backreferences or lookaround; refusing them at save time beats failing every run.
    for (const pattern of ['(a)\\1', 'a(?=b)', '(?<!a)b']) {
      const parsed = assertionSchema.safeParse({ type: 'regex', path: 'a', pattern });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({
        path: ['pattern'],
        message: expect.stringContaining('backreferences and lookaround are not supported'),
      });
    }
    expect(reject({ type: 'json_schema', schema: { $ref: '#/definitions/x' } })).toBe(false);
    expect(reject({ type: 'max_steps', max: 1.5 })).toBe(false);
    expect(reject({ type: 'max_steps', max: 5, maximum: 3 })).toBe(false);
    const issue = assertionSchema.safeParse({
      type: 'json_schema',
      schema: { properties: { a: { if: {} } } },
    });
    expect(issue.success).toBe(false);
    expect(JSON.stringify(issue.error?.issues)).toContain('a: keyword \\"if\\" is not supported');
  });
});
