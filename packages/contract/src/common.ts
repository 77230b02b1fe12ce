/**
 * Building blocks shared by every wire schema: ids, pagination, bounded text and bounded JSON,
 * timestamps and the error envelope. Each bound here exists so that no request can reach the
 * database with a value PostgreSQL would reject (which would surface as a 5xx) or with a size
 * that lets one request hog the server.
 */
import { z } from 'zod';

/** Largest value of a PostgreSQL `integer` (int4), the type of every id column. */
export const INT4_MAX = 2_147_483_647;

/** Longest accepted name-like string (names, external ids). */
export const NAME_MAX = 200;
/** Longest accepted free-text string (descriptions). */
export const TEXT_MAX = 10_000;

/** Bounds of one JSON value stored in a jsonb column (inputs, settings, thresholds, ...). */
export const JSON_LIMITS = {
  /** Deepest nesting of objects and arrays. */
  maxDepth: 20,
  /** Most values (objects, arrays, primitives) in one document. */
  maxNodes: 10_000,
  /** Largest document, in characters of its JSON text. */
  maxChars: 256 * 1024,
  /** Longest object key. */
  maxKeyLength: 256,
} as const;

/**
 * PostgreSQL rejects NUL in `text` and `jsonb`, and `jsonb` rejects unpaired UTF-16
 * surrogates (`"\ud800"`); both would fail inside the driver as a 500. Refuse them here.
 */
export function isStorableString(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const STORABLE_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** A string that can be stored in a `text` column, with a length bound. */
export function text(options: { min?: number; max: number }) {
  let schema = z.string();
  if (options.min !== undefined) schema = schema.min(options.min, `must not be empty`);
  return schema
    .max(options.max, `must be at most ${options.max} characters`)
    .refine(isStorableString, STORABLE_MESSAGE);
}

/**
 * Walk a parsed JSON value without recursion (a hostile document may be nested far deeper
 * than the call stack) and report the first bound it breaks, or null when it fits.
 */
export function checkJsonBounds(value: unknown, limits = JSON_LIMITS): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  let nodes = 0;
  let chars = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    nodes += 1;
    if (nodes > limits.maxNodes) return `must contain at most ${limits.maxNodes} values`;
    if (typeof current === 'string') {
      if (!isStorableString(current)) return STORABLE_MESSAGE;
      chars += current.length + 2;
    } else if (Array.isArray(current) || (typeof current === 'object' && current !== null)) {
      if (depth > limits.maxDepth) return `must be nested at most ${limits.maxDepth} levels deep`;
      chars += 2;
      if (Array.isArray(current)) {
        for (const item of current) stack.push({ value: item, depth: depth + 1 });
      } else {
        for (const [key, item] of Object.entries(current)) {
          if (key.length > limits.maxKeyLength)
            return `keys must be at most ${limits.maxKeyLength} characters`;
          if (!isStorableString(key)) return `keys ${STORABLE_MESSAGE}`;
          chars += key.length + 4;
          stack.push({ value: item, depth: depth + 1 });
        }
      }
    } else {
      // Numbers, booleans and null: a generous upper bound of their JSON text.
      chars += 24;
    }
    if (chars > limits.maxChars) return `must be at most ${limits.maxChars} characters of JSON`;
  }
  return null;
}

/** Adds the `JSON_LIMITS` check to a schema whose values are stored as one jsonb document. */
export function boundedJson<T extends z.ZodType>(schema: T): T {
  return schema.superRefine((value, ctx) => {
    const problem = checkJsonBounds(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  }) as unknown as T;
}

/** A JSON object (never an array or a primitive) that fits the bounds of `JSON_LIMITS`. */
export function jsonObject(description: string) {
  return boundedJson(z.record(z.string(), z.unknown())).meta({ description });
}

/**
 * A JSON object with some documented keys and any others kept as they are, within
 * `JSON_LIMITS` (the original service accepted unknown settings keys, so we do too).
 */
export function looseJsonObject<Shape extends z.ZodRawShape>(shape: Shape, description: string) {
  return boundedJson(z.looseObject(shape)).meta({ description });
}

/**
 * A path id: a positive int4, written in plain decimal digits. Parsed from the string
 * strictly (no `1e3`, `0x10`, `1.0` or blanks), so huge values give 400 instead of an
 * out-of-range error from PostgreSQL.
 */
export const pathId = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, `must be a positive whole number no greater than ${INT4_MAX}`)
  .transform(Number)
  .pipe(z.number().max(INT4_MAX, `must be a positive whole number no greater than ${INT4_MAX}`))
  // Documented as what it is, an integer; the pattern above is an implementation detail.
  .meta({ type: 'integer', format: 'int32', minimum: 1, maximum: INT4_MAX, pattern: undefined });

/** `{ id }` path parameters. */
export const idParams = z.object({ id: pathId });

/** A whole number in a query string, parsed strictly, within [min, max]. */
export function queryInt(min: number, max: number, description: string) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^-?[0-9]{1,10}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message))
    .meta({ type: 'integer', minimum: min, maximum: max, pattern: undefined, description });
}

/** A foreign-key id in a JSON body: a positive int4 number. */
export function bodyId(description: string) {
  // Bounds before int(): for 1e308 "at most 2147483647" says more than "not a safe integer".
  return z
    .number()
    .min(1, 'must be a positive whole number')
    .max(INT4_MAX, `must be at most ${INT4_MAX}`)
    .int()
    .meta({ format: 'int32', description });
}

/** Largest page size of every list endpoint. */
export const MAX_PAGE_SIZE = 1000;

/** `skip` and `limit`, as in the original service. */
export const paginationQuery = {
  skip: queryInt(0, INT4_MAX, 'How many items to skip (default 0).').optional(),
  limit: queryInt(1, MAX_PAGE_SIZE, `Most items to return, 1 to ${MAX_PAGE_SIZE} (default 100).`).optional(),
};

/** Default page size when `limit` is not given (the original's default). */
export const DEFAULT_PAGE_SIZE = 100;

/** An ISO-8601 date-time with a time zone, in a query string. */
export function queryDateTime(description: string) {
  return z.iso
    .datetime({
      offset: true,
      error: 'must be an ISO-8601 date-time with a time zone, e.g. 2025-01-31T12:00:00Z',
    })
    .transform((value) => new Date(value))
    .meta({ type: 'string', format: 'date-time', description });
}

/** `?cascade=true` on deletes. */
export const cascadeQuery = z.object({
  cascade: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((v) => v === 'true')
    .optional()
    .meta({ type: 'boolean', description: 'Also delete everything that depends on this item.' }),
});

/** A timestamp going out: always an ISO-8601 string in UTC (`...Z`). */
export const timestamp = z
  .date()
  .transform((value) => value.toISOString())
  .meta({ type: 'string', format: 'date-time' });

/**
 * The schemas of a resource that configuration as code can name (automations, scenarios),
 * built the same way for each from its own fields.
 */
export const configurableResource = {
  /**
   * The resource as the API returns it: id, name and key first, then its own `fields`, then
   * created_at and updated_at.
   */
  read<Shape extends z.ZodRawShape>(id: string, fields: Shape) {
    return z
      .object({
        id: z.number().int(),
        name: z.string(),
        key: z.string().nullable().meta({
          description: 'Its key in configuration as code (null until a configuration apply names it).',
        }),
        ...fields,
        created_at: timestamp,
        updated_at: timestamp,
      })
      .meta({ id });
  },

  /**
   * Its write bodies, unknown keys refused: create needs the `required` fields and takes the
   * `optional` ones; update takes them all, each optional, since only the fields sent change.
   */
  writes<Required extends z.ZodRawShape, Optional extends z.ZodRawShape>(
    id: string,
    required: Required,
    optional: Optional,
  ) {
    const create = z.strictObject(required).extend(z.object(optional).partial().shape);
    return {
      create: create.meta({ id: `${id}Create` }),
      update: create.partial().meta({ id: `${id}Update` }),
    };
  },
};

/** The one error shape of the API. */
export const errorEnvelope = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. VALIDATION_ERROR.' }),
      message: z.string().meta({ description: 'What went wrong and what to do, for humans.' }),
      details: z
        .unknown()
        .meta({ description: 'For VALIDATION_ERROR: [{field, message}] naming every offending field.' }),
    }),
  })
  .meta({ id: 'Error' });

/** The one error shape of the API. */
export type ErrorEnvelope = z.output<typeof errorEnvelope>;
/** A JSON object as the API stores and returns it (inputs, settings, details). */
export type JsonObject = Record<string, unknown>;

/**
 * Set by the dashboard's proxy on every request it forwards, overwriting what a browser sent:
 * `loopback` when the dashboard listens on loopback only (every browser it serves is on its
 * machine), `network` otherwise. The API reads it to tell a local visitor of the dashboard from
 * a remote one, since both reach the API from the dashboard's loopback connection.
 */
export const DASHBOARD_REACH_HEADER = 'x-tfbench-dashboard-reach';
