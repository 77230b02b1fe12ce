/**
 * Request validation with zod: one schema per request part, and errors that name every
 * offending field as `part.path` (`body.name`, `querystring.limit`, `params.id`).
 *
 * Fastify validates the parts in a fixed order and stops at the first part that fails. To name
 * EVERY offending field, the error handler validates the parts after the failing one as well
 * (`collectFieldIssues`); the parts before it passed.
 */
import type { FastifyRequest, FastifySchema, FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';

/** One offending field of a request. */
export interface FieldIssue {
  /** `params.id`, `querystring.limit`, `body.run_settings.concurrency`, `body.assertions[2]`, `body`. */
  field: string;
  message: string;
}

/** The request parts in the order Fastify validates them, with where each one's data lives. */
const PARTS = [
  { part: 'params', schemaKey: 'params', requestKey: 'params' },
  { part: 'body', schemaKey: 'body', requestKey: 'body' },
  { part: 'querystring', schemaKey: 'querystring', requestKey: 'query' },
  { part: 'headers', schemaKey: 'headers', requestKey: 'headers' },
] as const;

type PartName = (typeof PARTS)[number]['part'];

/** Raised by the validator for the first request part that fails; answered as 400. */
export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError';
  readonly statusCode = 400;
  readonly code = 'VALIDATION_ERROR';
  constructor(
    readonly part: PartName,
    readonly issues: FieldIssue[],
  ) {
    super(`Invalid ${part}: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`);
  }
}

/** Validate one request part; on failure return its field issues. */
export function validatePart(
  schema: z.ZodType,
  part: string,
  data: unknown,
): { ok: true; value: unknown } | { ok: false; issues: FieldIssue[] } {
  const result = schema.safeParse(data, { error: friendlyMessage });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: toFieldIssues(part, result.error.issues) };
}

/** Fastify validator compiler for zod schemas (replaces the type provider's, for our messages). */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const part = (PARTS.find((p) => p.schemaKey === httpPart || p.requestKey === httpPart)?.part ??
    'body') as PartName;
  return (data) => {
    const outcome = validatePart(schema, part, data);
    return outcome.ok
      ? { value: outcome.value }
      : { error: new RequestValidationError(part, outcome.issues) };
  };
};

/**
 * All field issues of a request whose validation failed at `error.part`: those of that part
 * plus those of every later part, which Fastify did not get to.
 */
export function collectFieldIssues(error: RequestValidationError, request: FastifyRequest): FieldIssue[] {
  const issues = [...error.issues];
  const schema = request.routeOptions.schema as FastifySchema | undefined;
  const failedAt = PARTS.findIndex((p) => p.part === error.part);
  if (schema === undefined || failedAt < 0) return issues;
  for (const { part, schemaKey, requestKey } of PARTS.slice(failedAt + 1)) {
    const partSchema = schema[schemaKey] as z.ZodType | undefined;
    if (partSchema === undefined) continue;
    // Fastify hands a missing body to validators as null; do the same.
    const data = request[requestKey] ?? null;
    const outcome = validatePart(partSchema, part, data);
    if (!outcome.ok) issues.push(...outcome.issues);
  }
  return issues;
}

/** One issue per field (the first zod reports, which is the most specific by construction). */
function toFieldIssues(part: string, zodIssues: z.core.$ZodIssue[]): FieldIssue[] {
  const byField = new Map<string, string>();
  for (const issue of zodIssues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = fieldName(part, [...issue.path, key]);
        if (!byField.has(field)) byField.set(field, 'is not a known field');
      }
      continue;
    }
    const field = fieldName(part, issue.path);
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

function fieldName(part: string, path: readonly PropertyKey[]): string {
  let name = part;
  for (const segment of path) {
    name += typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`;
  }
  return name;
}

/**
 * Messages for issues whose schema gives none: short, in the same voice as ours, and never
 * echoing the value sent (it may be large or secret).
 */
function friendlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      if (issue.input === null && (issue.path?.length ?? 0) === 0) return 'is required: send a JSON object';
      if (issue.expected === 'int' && typeof issue.input === 'number') return 'must be a whole number';
      return `must be ${describeExpected(issue.expected)}, not ${describeValue(issue.input)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${unitOf(issue.origin)}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${unitOf(issue.origin)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return 'does not match any allowed form';
    default:
      return undefined;
  }
}

function unitOf(origin: string): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array' || origin === 'set') return ' items';
  return '';
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'record':
    case 'object':
      return 'a JSON object';
    case 'array':
      return 'an array';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${expected}`;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a non-finite number';
  return `a ${typeof value}`;
}
