/**
 * A small JSON Schema (draft-07) validator for the subset result schemas use in practice.
 * Written here rather than pulling in a general validator because the subset is small,
 * and because a keyword we do not implement must fail loudly at scenario creation
 * ({@link findUnsupportedKeywords}) instead of silently passing every result.
 *
 * Validated keywords: type (incl. integer and type arrays), enum, const, properties,
 * required, additionalProperties (boolean or schema), minProperties, maxProperties, items
 * (one schema or a tuple), minItems, maxItems, uniqueItems, contains, minimum, maximum,
 * exclusiveMinimum, exclusiveMaximum (draft-07 numeric form), multipleOf, minLength,
 * maxLength (in code points), pattern (RE2 syntax, linear time: ./regex.ts), allOf, anyOf, oneOf, not,
 * and the boolean schemas true/false. Annotations (title, description, default, examples,
 * $schema, $id, $comment, format, readOnly, writeOnly) are accepted and ignored, as the
 * draft allows for format.
 *
 * Both halves are bounded, because schemas and results come from users and upstreams: a
 * schema may be at most {@link MAX_SCHEMA_DEPTH} levels deep and {@link MAX_SCHEMA_NODES}
 * JSON values large (refused at save time), and one validation spends at most
 * {@link VALIDATION_WORK_BUDGET} steps (a step is one value checked against one subschema, or
 * one pair compared for uniqueItems) before it stops with a violation saying so.
 */
import { jsonEqual } from './deep-equal.js';
import { formatPath, type PathSegment } from './path.js';
import { compileSafeRegex, regexProblem, type SafeRegex } from './regex.js';

/** A JSON Schema: an object of keywords or a boolean schema. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** One reason a value does not match; `path` is where in the value (dot/bracket notation). */
export interface SchemaViolation {
  path: string;
  message: string;
}

const IMPLEMENTED = new Set([
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'contains',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
]);

const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'default',
  'examples',
  'format',
  'readOnly',
  'writeOnly',
  // Holding definitions is harmless; only following them with $ref is unsupported.
  'definitions',
]);

/** draft-07 keywords that would change the verdict but are not implemented here. */
const UNSUPPORTED = new Set([
  '$ref',
  'patternProperties',
  'dependencies',
  'propertyNames',
  'additionalItems',
  'if',
  'then',
  'else',
  'contentMediaType',
  'contentEncoding',
]);

const MAX_VIOLATIONS = 20;

/** Deepest nesting of objects and arrays a schema may have. */
export const MAX_SCHEMA_DEPTH = 32;
/** Most JSON values (objects, arrays, scalars) a schema may hold. */
export const MAX_SCHEMA_NODES = 5_000;
/** Steps one validation may take; see the module comment. */
export const VALIDATION_WORK_BUDGET = 200_000;

/**
 * Problems that make `schema` unusable here: unsupported draft-07 keywords, keywords of the
 * wrong type, invalid patterns. Empty when the schema can be validated faithfully.
 *
 * @example
 * findUnsupportedKeywords({ type: 'object', properties: { a: { $ref: '#/x' } } });
 * // ['properties.a: keyword "$ref" is not supported']
 */
export function findUnsupportedKeywords(schema: unknown, at: PathSegment[] = []): string[] {
  if (at.length === 0) {
    const size = measure(schema);
    if (size.depth > MAX_SCHEMA_DEPTH) {
      return [`schema: nested ${size.depth} levels deep; at most ${MAX_SCHEMA_DEPTH} are allowed`];
    }
    if (size.nodes > MAX_SCHEMA_NODES) {
      return [`schema: holds more than ${MAX_SCHEMA_NODES} values; that is the most allowed`];
    }
  }
  const where = at.length === 0 ? 'schema' : formatPath(at);
  if (typeof schema === 'boolean') return [];
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    return [`${where}: a schema must be an object or a boolean`];
  }
  const problems: string[] = [];
  const s = schema as Record<string, unknown>;
  for (const [keyword, value] of Object.entries(s)) {
    if (UNSUPPORTED.has(keyword)) {
      problems.push(`${where}: keyword "${keyword}" is not supported`);
      continue;
    }
    if (!IMPLEMENTED.has(keyword) || ANNOTATIONS.has(keyword)) continue;
    problems.push(...checkKeywordValue(keyword, value, at, where));
  }
  return problems;
}

function checkKeywordValue(keyword: string, value: unknown, at: PathSegment[], where: string): string[] {
  const sub = (schema: unknown, ...more: PathSegment[]) => findUnsupportedKeywords(schema, [...at, ...more]);
  switch (keyword) {
    case 'type': {
      const types = Array.isArray(value) ? value : [value];
      const known = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
      return types.every((t) => typeof t === 'string' && known.includes(t))
        ? []
        : [`${where}: "type" must be one of ${known.join(', ')} or an array of them`];
    }
    case 'enum':
      return Array.isArray(value) ? [] : [`${where}: "enum" must be an array`];
    case 'properties':
      return isPlainObject(value)
        ? Object.entries(value).flatMap(([name, schema]) => sub(schema, name))
        : [`${where}: "properties" must be an object`];
    case 'required':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? []
        : [`${where}: "required" must be an array of strings`];
    case 'additionalProperties':
    case 'contains':
    case 'not':
      return sub(value);
    case 'items':
      return Array.isArray(value) ? value.flatMap((schema, i) => sub(schema, i)) : sub(value, 'items');
    case 'allOf':
    case 'anyOf':
    case 'oneOf':
      return Array.isArray(value) && value.length > 0
        ? value.flatMap((schema) => sub(schema))
        : [`${where}: "${keyword}" must be a non-empty array of schemas`];
    case 'pattern':
      if (typeof value !== 'string') return [`${where}: "pattern" must be a string`];
      {
        const problem = regexProblem(value, 'u');
        return problem === null ? [] : [`${where}: "pattern" is ${problem}`];
      }
    case 'uniqueItems':
      return typeof value === 'boolean' ? [] : [`${where}: "uniqueItems" must be a boolean`];
    case 'const':
      return [];
    case 'multipleOf':
      return typeof value === 'number' && value > 0 ? [] : [`${where}: "multipleOf" must be a number > 0`];
    default:
      // Numeric limits: minimum, maximum, exclusive*, min/max Length/Items/Properties.
      return typeof value === 'number' && Number.isFinite(value)
        ? []
        : [`${where}: "${keyword}" must be a number`];
  }
}

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

/** The steps one validation has left, and the patterns it compiled (each once). */
interface Work {
  left: number;
  patterns: Map<string, SafeRegex | null>;
}

class BudgetExhausted extends Error {}

function spend(work: Work): void {
  work.left -= 1;
  if (work.left < 0) throw new BudgetExhausted();
}

function pattern(work: Work, source: string): SafeRegex | null {
  if (!work.patterns.has(source)) {
    let compiled: SafeRegex | null = null;
    try {
      compiled = compileSafeRegex(source, 'u');
    } catch {
      // Refused at save time; a stored schema from before that check constrains nothing here.
    }
    work.patterns.set(source, compiled);
  }
  return work.patterns.get(source) ?? null;
}

function measure(value: unknown): { depth: number; nodes: number } {
  let nodes = 0;
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    nodes += 1;
    if (depth > deepest) deepest = depth;
    // Stop early: a hostile schema should not cost much to refuse either.
    if (nodes > MAX_SCHEMA_NODES || deepest > MAX_SCHEMA_DEPTH) break;
    if (item !== null && typeof item === 'object') {
      for (const child of Object.values(item)) stack.push([child, depth + 1]);
    }
  }
  return { depth: deepest, nodes };
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

type Report = (message: string, where?: PathSegment[]) => void;

function validateNumber(s: Record<string, unknown>, value: number, report: Report): void {
  if (typeof s.minimum === 'number' && value < s.minimum) report(`must be >= ${s.minimum}`);
  if (typeof s.maximum === 'number' && value > s.maximum) report(`must be <= ${s.maximum}`);
  if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) {
    report(`must be > ${s.exclusiveMinimum}`);
  }
  if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) {
    report(`must be < ${s.exclusiveMaximum}`);
  }
  if (typeof s.multipleOf === 'number') {
    const quotient = value / s.multipleOf;
    // Tolerate binary-fraction noise such as 0.3 / 0.1 = 2.9999999999999996.
    if (Math.abs(quotient - Math.round(quotient)) > 1e-9) report(`must be a multiple of ${s.multipleOf}`);
  }
}

function validateString(s: Record<string, unknown>, value: string, report: Report, work: Work): void {
  const length = [...value].length;
  if (typeof s.minLength === 'number' && length < s.minLength) {
    report(`must be at least ${s.minLength} characters long`);
  }
  if (typeof s.maxLength === 'number' && length > s.maxLength) {
    report(`must be at most ${s.maxLength} characters long`);
  }
  if (typeof s.pattern === 'string') {
    const compiled = pattern(work, s.pattern);
    if (compiled !== null && !compiled.test(value))
      report(`must match the pattern ${JSON.stringify(s.pattern)}`);
  }
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

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    default:
      return false;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
