import { describe, expect, it } from 'vitest';
import {
  findUnsupportedKeywords,
  MAX_SCHEMA_DEPTH,
  MAX_SCHEMA_NODES,
  VALIDATION_WORK_BUDGET,
  validateJsonSchema,
} from '../src/assertions/index.js';

const ok = (schema: Parameters<typeof validateJsonSchema>[0], value: unknown) =>
  validateJsonSchema(schema, value).length === 0;

describe('validateJsonSchema (draft-07 subset)', () => {
  it('checks types, including integer, null and type lists', () => {
    expect(ok({ type: 'integer' }, 3)).toBe(true);
    expect(ok({ type: 'integer' }, 3.5)).toBe(false);
    expect(ok({ type: 'number' }, 3.5)).toBe(true);
    expect(ok({ type: 'object' }, [])).toBe(false);
    expect(ok({ type: 'array' }, {})).toBe(false);
    expect(ok({ type: ['string', 'null'] }, null)).toBe(true);
    expect(ok({ type: ['string', 'null'] }, 1)).toBe(false);
    expect(validateJsonSchema({ type: 'string' }, 4)).toEqual([
      { path: '$', message: 'expected string, got integer' },
    ]);
  });

  it('checks enum and const structurally', () => {
    expect(ok({ enum: ['a', { b: 1 }] }, { b: 1 })).toBe(true);
    expect(ok({ enum: ['a', 'b'] }, 'c')).toBe(false);
    expect(ok({ const: [1, 2] }, [1, 2])).toBe(true);
    expect(ok({ const: [1, 2] }, [2, 1])).toBe(false);
  });

  it('checks numeric limits', () => {
    expect(ok({ minimum: 1, maximum: 3 }, 3)).toBe(true);
    expect(ok({ minimum: 1 }, 0.5)).toBe(false);
    expect(ok({ exclusiveMaximum: 3 }, 3)).toBe(false);
    expect(ok({ exclusiveMinimum: 0 }, 0.001)).toBe(true);
    expect(ok({ multipleOf: 0.1 }, 0.3)).toBe(true);
    expect(ok({ multipleOf: 2 }, 5)).toBe(false);
    // Limits apply to numbers only; other types pass (draft-07 semantics).
    expect(ok({ minimum: 10 }, 'text')).toBe(true);
  });

  it('counts string length in code points and matches patterns with unicode semantics', () => {
    expect(ok({ maxLength: 2 }, '😀😀')).toBe(true);
    expect(ok({ minLength: 3 }, '😀😀')).toBe(false);
    expect(ok({ pattern: '^\\p{Lu}' }, 'Ärger')).toBe(true);
    expect(ok({ pattern: '\\d' }, 'none')).toBe(false);
  });

  it('checks arrays: items, tuples, lengths, uniqueness, contains', () => {
    expect(ok({ items: { type: 'number' } }, [1, 2, 3])).toBe(true);
    expect(validateJsonSchema({ items: { type: 'number' } }, [1, 'x'])).toEqual([
      { path: '[1]', message: 'expected number, got string' },
    ]);
    expect(ok({ items: [{ type: 'string' }, { type: 'number' }] }, ['a', 1, true])).toBe(true);
    expect(ok({ items: [{ type: 'string' }, { type: 'number' }] }, [1])).toBe(false);
    expect(ok({ minItems: 2 }, [1])).toBe(false);
    expect(ok({ maxItems: 1 }, [1, 2])).toBe(false);
    expect(ok({ uniqueItems: true }, [{ a: 1 }, { a: 1 }])).toBe(false);
    expect(ok({ contains: { const: 2 } }, [1, 2])).toBe(true);
    expect(ok({ contains: { const: 3 } }, [1, 2])).toBe(false);
  });

  it('checks objects: required, properties, additionalProperties, property counts', () => {
    const schema = {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
      additionalProperties: false,
    };
    expect(ok(schema, { name: 'x', age: 3 })).toBe(true);
    expect(validateJsonSchema(schema, { age: -1, extra: true })).toEqual([
      { path: '$', message: 'missing required property "name"' },
      { path: 'age', message: 'must be >= 0' },
      { path: 'extra', message: 'property "extra" is not allowed' },
    ]);
    expect(ok({ additionalProperties: { type: 'number' } }, { a: 1, b: 'x' })).toBe(false);
    expect(ok({ minProperties: 1 }, {})).toBe(false);
    expect(ok({ maxProperties: 1 }, { a: 1, b: 2 })).toBe(false);
  });

  it('combines schemas with allOf, anyOf, oneOf and not, and accepts boolean schemas', () => {
    expect(ok({ allOf: [{ type: 'number' }, { minimum: 2 }] }, 1)).toBe(false);
    expect(ok({ anyOf: [{ type: 'string' }, { type: 'number' }] }, 1)).toBe(true);
    expect(ok({ anyOf: [{ type: 'string' }, { type: 'number' }] }, null)).toBe(false);
    expect(ok({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 1)).toBe(false);
    expect(ok({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 1.5)).toBe(true);
    expect(ok({ not: { type: 'null' } }, null)).toBe(false);
    expect(ok(true, 'anything')).toBe(true);
    expect(ok(false, 'anything')).toBe(false);
    expect(ok({ properties: { a: false } }, { a: 1 })).toBe(false);
  });

  it('ignores annotations and reports at most 20 violations', () => {
    expect(
      ok({ title: 'T', description: 'D', format: 'email', default: 1, $schema: 'x' }, 'not-an-email'),
    ).toBe(true);
    expect(validateJsonSchema({ items: { type: 'string' } }, new Array(50).fill(1))).toHaveLength(20);
  });
});

describe('findUnsupportedKeywords', () => {
  it('accepts supported schemas and names what it cannot validate', () => {
    expect(
      findUnsupportedKeywords({ type: 'object', properties: { a: { type: 'string', pattern: '^a' } } }),
    ).toEqual([]);
    expect(findUnsupportedKeywords({ type: 'object', properties: { a: { $ref: '#/x' } } })).toEqual([
      'a: keyword "$ref" is not supported',
    ]);
    expect(findUnsupportedKeywords({ items: [{ patternProperties: {} }] })).toEqual([
      '[0]: keyword "patternProperties" is not supported',
    ]);
    expect(findUnsupportedKeywords({ type: 'float' })).toHaveLength(1);
    expect(findUnsupportedKeywords({ pattern: '(' })[0]).toMatch(/not a pattern the linear-time engine/);
    expect(findUnsupportedKeywords({ pattern: '(a)\\1' })[0]).toMatch(/backreferences and lookaround/);
    expect(findUnsupportedKeywords({ minimum: '1' })).toEqual(['schema: "minimum" must be a number']);
    expect(findUnsupportedKeywords('x')).toEqual(['schema: a schema must be an object or a boolean']);
  });
});

describe('bounds on hostile schemas and results', () => {
  it('refuses schemas nested too deep or holding too many values, cheaply', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < MAX_SCHEMA_DEPTH + 5; i += 1) deep = { not: deep };
    expect(findUnsupportedKeywords(deep)).toEqual([
      expect.stringMatching(new RegExp(`^schema: nested \\d+ levels deep; at most ${MAX_SCHEMA_DEPTH}`)),
    ]);
    const wide = { enum: Array.from({ length: MAX_SCHEMA_NODES + 1 }, (_, i) => i) };
    expect(findUnsupportedKeywords(wide)).toEqual([
      `schema: holds more than ${MAX_SCHEMA_NODES} values; that is the most allowed`,
    ]);
  });

  it('stops a costly validation at its work budget with a violation, not a hang', () => {
    // uniqueItems over 5,000 distinct items is 12.5 million comparisons without a budget.
    const items = Array.from({ length: 5_000 }, (_, i) => i);
    const started = performance.now();
    const violations = validateJsonSchema({ uniqueItems: true }, items);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(violations.at(-1)).toEqual({
      path: '$',
      message: `validation stopped after ${VALIDATION_WORK_BUDGET} steps, its work budget: the schema is too costly for this result`,
    });
  });

  it('matches "pattern" in linear time (RE2), so a catastrophic pattern is harmless', () => {
    const started = performance.now();
    expect(ok({ pattern: '^(a+)+$' }, `${'a'.repeat(5_000)}!`)).toBe(false);
    expect(ok({ pattern: '^(a+)+$' }, 'a'.repeat(5_000))).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
