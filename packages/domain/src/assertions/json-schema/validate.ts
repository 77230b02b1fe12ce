/** Validates a value against a schema, within the work budget. */
import { jsonEqual } from '../deep-equal.js';
import { formatPath, type PathSegment } from '../path.js';
import { hasType, isPlainObject, typeName } from './json-types.js';
import { MAX_VIOLATIONS, VALIDATION_WORK_BUDGET } from './limits.js';
import { type Report, validateNumber, validateString } from './scalar-keywords.js';
import type { JsonSchema, SchemaViolation } from './types.js';
import { BudgetExhausted, spend, type Work } from './work.js';

/**
 * Validate `value` against `schema`. Returns the violations found (at most 20), empty when
 * the value matches. Call {@link findUnsupportedKeywords} first for schemas from users.
 *
 * @example
 * validateJsonSchema({ type: 'object', required: ['price'] }, {});
 * // [{ path: '$', message: 'missing required property "price"' }]
 */
export function validateJsonSchema(schema: JsonSchema, value: unknown): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  const work: Work = { left: VALIDATION_WORK_BUDGET, patterns: new Map() };
  try {
    validate(schema, value, [], out, work);
  } catch (error) {
    if (!(error instanceof BudgetExhausted)) throw error;
    return [
      ...out.slice(0, MAX_VIOLATIONS - 1),
      {
        path: '$',
        message: `validation stopped after ${VALIDATION_WORK_BUDGET} steps, its work budget: the schema is too costly for this result`,
      },
    ];
  }
  return out.slice(0, MAX_VIOLATIONS);
}

function validate(
  schema: unknown,
  value: unknown,
  at: PathSegment[],
  out: SchemaViolation[],
  work: Work,
): void {
  if (out.length >= MAX_VIOLATIONS) return;
  spend(work);
  const report = (message: string, where: PathSegment[] = at) =>
    out.push({ path: formatPath(where), message });
  if (schema === true) return;
  if (schema === false) {
    report('no value is allowed here (schema is false)');
    return;
  }
  if (!isPlainObject(schema)) return;
  const s = schema;

  if (s.type !== undefined) {
    const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
    if (!types.some((t) => hasType(value, t))) {
      report(`expected ${types.join(' or ')}, got ${typeName(value)}`);
      return; // further keywords would only restate the type mismatch
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((option) => jsonEqual(option, value))) {
    report(`must be one of ${JSON.stringify(s.enum)}`);
  }
  if ('const' in s && !jsonEqual(s.const, value)) report(`must equal ${JSON.stringify(s.const)}`);

  if (typeof value === 'number') validateNumber(s, value, report);
  if (typeof value === 'string') validateString(s, value, report, work);
  if (Array.isArray(value)) validateArray(s, value, at, out, report, work);
  if (isPlainObject(value)) validateObject(s, value, at, out, report, work);

  if (Array.isArray(s.allOf)) for (const sub of s.allOf) validate(sub, value, at, out, work);
  if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => matches(sub, value, work))) {
    report('does not match any of the "anyOf" schemas');
  }
  if (Array.isArray(s.oneOf)) {
    const matching = s.oneOf.filter((sub) => matches(sub, value, work)).length;
    if (matching !== 1) report(`must match exactly one "oneOf" schema, matched ${matching}`);
  }
  if (s.not !== undefined && matches(s.not, value, work)) report('must not match the "not" schema');
}

function validateArray(
  s: Record<string, unknown>,
  value: unknown[],
  at: PathSegment[],
  out: SchemaViolation[],
  report: Report,
  work: Work,
): void {
  if (typeof s.minItems === 'number' && value.length < s.minItems)
    report(`must have at least ${s.minItems} items`);
  if (typeof s.maxItems === 'number' && value.length > s.maxItems)
    report(`must have at most ${s.maxItems} items`);
  if (s.uniqueItems === true) {
    const duplicate = value.findIndex((item, i) =>
      value.slice(0, i).some((earlier) => {
        spend(work);
        return jsonEqual(earlier, item);
      }),
    );
    if (duplicate !== -1) report('items must be unique', [...at, duplicate]);
  }
  if (Array.isArray(s.items)) {
    // Tuple form: positional schemas; extra items are allowed (additionalItems is unsupported).
    for (const [i, sub] of s.items.entries()) {
      if (i < value.length) validate(sub, value[i], [...at, i], out, work);
    }
  } else if (s.items !== undefined) {
    for (const [i, item] of value.entries()) validate(s.items, item, [...at, i], out, work);
  }
  if (s.contains !== undefined && !value.some((item) => matches(s.contains, item, work))) {
    report('must contain at least one item matching the "contains" schema');
  }
}

function validateObject(
  s: Record<string, unknown>,
  value: Record<string, unknown>,
  at: PathSegment[],
  out: SchemaViolation[],
  report: Report,
  work: Work,
): void {
  const keys = Object.keys(value);
  if (typeof s.minProperties === 'number' && keys.length < s.minProperties) {
    report(`must have at least ${s.minProperties} properties`);
  }
  if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) {
    report(`must have at most ${s.maxProperties} properties`);
  }
  if (Array.isArray(s.required)) {
    for (const name of s.required as string[]) {
      if (!Object.hasOwn(value, name)) report(`missing required property ${JSON.stringify(name)}`);
    }
  }
  const properties = isPlainObject(s.properties) ? s.properties : {};
  for (const [name, sub] of Object.entries(properties)) {
    if (Object.hasOwn(value, name)) validate(sub, value[name], [...at, name], out, work);
  }
  if (s.additionalProperties !== undefined) {
    for (const name of keys) {
      if (Object.hasOwn(properties, name)) continue;
      if (s.additionalProperties === false)
        report(`property ${JSON.stringify(name)} is not allowed`, [...at, name]);
      else validate(s.additionalProperties, value[name], [...at, name], out, work);
    }
  }
}

function matches(schema: unknown, value: unknown, work: Work): boolean {
  const probe: SchemaViolation[] = [];
  validate(schema, value, [], probe, work);
  return probe.length === 0;
}
