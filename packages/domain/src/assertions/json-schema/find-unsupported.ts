/** Checks a schema at save time: size, supported keywords, and keyword values of the right type. */
import { formatPath, type PathSegment } from '../path.js';
import { regexProblem } from '../regex.js';
import { isPlainObject } from './json-types.js';
import { ANNOTATIONS, IMPLEMENTED, UNSUPPORTED } from './keywords.js';
import { MAX_SCHEMA_DEPTH, MAX_SCHEMA_NODES } from './limits.js';

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
