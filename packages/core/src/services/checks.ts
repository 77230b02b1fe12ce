/**
 * Guards run by the use cases before anything reaches SQL. The API validates requests with
 * its own schemas first; these guards keep the services safe for every other caller (worker,
 * CLI, tests) by turning values PostgreSQL would reject — and which would otherwise surface
 * as a 500 — into a ValidationError or NotFoundError naming the field.
 */
import { type FieldIssue, NotFoundError, ValidationError } from '@tfbench/domain/errors';
import type { Page } from '../repositories/page.js';
import { DEFAULT_LIMIT, MAX_LIMIT, type PageParams } from './deps.js';

/** Largest PostgreSQL `integer`: every id column is int4. */
export const INT4_MAX = 2_147_483_647;

/** Deepest JSON nesting accepted in a jsonb column; far above any real input. */
const MAX_JSON_DEPTH = 64;

/** Collects issues so that one error can name every offending field. */
export class IssueList {
  readonly issues: FieldIssue[] = [];

  add(field: string, message: string): void {
    this.issues.push({ field, message });
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues);
  }
}

export function isStorableId(id: unknown): id is number {
  return typeof id === 'number' && Number.isInteger(id) && id >= 1 && id <= INT4_MAX;
}

/** An id that cannot exist in an int4 column names nothing: 404, without asking the database. */
export function requireExistingId(resource: string, id: unknown, field?: string): number {
  if (!isStorableId(id)) {
    const shown = typeof id === 'number' || typeof id === 'string' ? id : String(id);
    throw new NotFoundError(resource, shown, field ? { field } : {});
  }
  return id;
}

/**
 * The row `select` finds under an id, or a NotFoundError naming the resource. An id no int4
 * column can hold never reaches SQL (see requireExistingId).
 */
export async function requireFound<T>(
  resource: string,
  id: unknown,
  select: (id: number) => Promise<T | undefined>,
): Promise<T> {
  const existingId = requireExistingId(resource, id);
  const found = await select(existingId);
  if (!found) throw new NotFoundError(resource, existingId);
  return found;
}

/** skip >= 0 (a safe integer), 1 <= limit <= 1000; defaults 0 and 100. */
export function toPage(params: PageParams, issues: IssueList): Page {
  const skip = params.skip ?? 0;
  const limit = params.limit ?? DEFAULT_LIMIT;
  if (!Number.isSafeInteger(skip) || skip < 0) issues.add('skip', 'must be a whole number of 0 or more');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    issues.add('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return { skip, limit };
}

/**
 * The page a list asks for, checked with the list's own filters: one 400 names every bad
 * field at once.
 *
 * @example
 * const page = checkedPage(params, (issues) => checkFilterId('scenario_id', params.scenario_id, issues));
 */
export function checkedPage(params: PageParams, checkFilters?: (issues: IssueList) => void): Page {
  const issues = new IssueList();
  const page = toPage(params, issues);
  checkFilters?.(issues);
  issues.throwIfAny();
  return page;
}

/** An optional id used as a filter: absent, or a storable id. */
export function checkFilterId(field: string, value: unknown, issues: IssueList): void {
  if (value !== undefined && !isStorableId(value)) {
    issues.add(field, `must be a whole number from 1 to ${INT4_MAX}`);
  }
}

/** Optional instant: a valid Date within PostgreSQL's timestamptz range (years 1 to 9999 here). */
export function checkInstant(field: string, value: unknown, issues: IssueList): void {
  if (value === undefined) return;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    issues.add(field, 'must be a valid date-time');
    return;
  }
  const year = value.getUTCFullYear();
  if (year < 1 || year > 9999) issues.add(field, 'must be between years 1 and 9999');
}

export function checkOneOf(
  field: string,
  value: unknown,
  allowed: readonly string[],
  issues: IssueList,
): void {
  if (value !== undefined && !(typeof value === 'string' && allowed.includes(value))) {
    issues.add(field, `must be one of ${allowed.join(', ')}`);
  }
}

/** A UTF-16 surrogate without its partner (no `u` flag, so the regex sees code units). */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** PostgreSQL refuses NUL in text and jsonb, and unpaired surrogates in jsonb. */
function isStorableString(value: string): boolean {
  return !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);
}

/** A text column's value: a storable string, or null/undefined when `nullable`. */
export function checkText(
  field: string,
  value: unknown,
  issues: IssueList,
  options: { nullable: boolean; required?: boolean },
): void {
  if (value === undefined) {
    if (options.required) issues.add(field, 'is required');
    return;
  }
  if (value === null) {
    if (!options.nullable) issues.add(field, 'must not be null');
    return;
  }
  if (typeof value !== 'string') issues.add(field, 'must be a string');
  else if (!isStorableString(value))
    issues.add(field, 'must not contain NUL characters or unpaired surrogates');
}

export function checkBoolean(field: string, value: unknown, issues: IssueList): void {
  if (value !== undefined && typeof value !== 'boolean') issues.add(field, 'must be true or false');
}

/** The shape a JSON column needs, and a walk (iterative: input may nest deeper than the stack). */
export function checkJson(
  field: string,
  value: unknown,
  issues: IssueList,
  shape: 'object' | 'array' | 'any',
): void {
  if (value === undefined) return;
  if (shape === 'object' && !isPlainObject(value)) {
    issues.add(field, 'must be a JSON object');
    return;
  }
  if (shape === 'array' && !Array.isArray(value)) {
    issues.add(field, 'must be a JSON array');
    return;
  }
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (!isStorableString(current)) {
        issues.add(field, 'must not contain NUL characters or unpaired surrogates');
        return;
      }
    } else if (typeof current === 'object' && current !== null) {
      if (depth > MAX_JSON_DEPTH) {
        issues.add(field, `must be nested at most ${MAX_JSON_DEPTH} levels deep`);
        return;
      }
      const entries = Array.isArray(current) ? current.map((v) => ['', v] as const) : Object.entries(current);
      for (const [key, item] of entries) {
        if (!isStorableString(key)) {
          issues.add(field, 'keys must not contain NUL characters or unpaired surrogates');
          return;
        }
        stack.push({ value: item, depth: depth + 1 });
      }
    }
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys of `input` whose value is not undefined: a partial update sets only these. */
export function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
