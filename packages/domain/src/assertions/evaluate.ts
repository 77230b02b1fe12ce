import { jsonEqual, jsonSubset } from './deep-equal.js';
import { type JsonSchema, validateJsonSchema } from './json-schema/index.js';
import { resolvePath } from './path.js';
import { compileSafeRegex, MAX_REGEX_INPUT_CHARS } from './regex.js';
import type { Assertion } from './schema.js';

/** What assertions are checked against: one finished run. */
export interface AssertionContext {
  /** The run's result JSON (TinyFish `result`), null when it produced none. */
  result: unknown;
  /** The run's `output_schema` input, used by json_schema assertions that carry none. */
  output_schema?: unknown;
  /** Client-measured total duration, ms. */
  total_duration_ms: number | null;
  /** Billed steps: the upstream's num_of_steps, else the progress events counted. */
  steps: number | null;
}

/** The outcome of one assertion; `message` explains it in a sentence. */
export interface AssertionOutcome {
  assertion: Assertion;
  passed: boolean;
  message: string;
}

/** The outcome of a list of assertions: passed when every one passed (true for an empty list). */
export interface AssertionsEvaluation {
  passed: boolean;
  results: AssertionOutcome[];
}

/**
 * Check every assertion against a run. Pure: no I/O, no clock. Assertions never throw on
 * odd results (missing paths, wrong types); they fail with a message instead.
 *
 * @example
 * evaluateAssertions(
 *   [{ type: 'equals', path: 'status', value: 'ok' }, { type: 'max_steps', max: 10 }],
 *   { result: { status: 'ok' }, total_duration_ms: 1200, steps: 4 },
 * ); // { passed: true, results: [...] }
 */
export function evaluateAssertions(
  assertions: readonly Assertion[],
  context: AssertionContext,
): AssertionsEvaluation {
  const results = assertions.map((assertion) => ({ assertion, ...evaluateOne(assertion, context) }));
  return { passed: results.every((r) => r.passed), results };
}

/**
 * Goal success of a run: it completed and every assertion passed. Null when the scenario
 * has no assertions, because COMPLETED alone says the browser ran, not that the goal was met.
 */
export function goalSuccess(status: string, evaluation: AssertionsEvaluation | null): boolean | null {
  if (evaluation === null || evaluation.results.length === 0) return null;
  return status === 'completed' && evaluation.passed;
}

type Verdict = { passed: boolean; message: string };

function evaluateOne(assertion: Assertion, context: AssertionContext): Verdict {
  switch (assertion.type) {
    case 'json_schema':
      return checkSchema(assertion.schema, assertion.path, context);
    case 'required_paths': {
      const missing = assertion.paths.filter((p) => !resolvePath(context.result, p).found);
      return missing.length === 0
        ? { passed: true, message: `all ${assertion.paths.length} paths are present` }
        : { passed: false, message: `missing: ${missing.join(', ')}` };
    }
    case 'equals':
      return atPath(context, assertion.path, (value) =>
        jsonEqual(value, assertion.value)
          ? { passed: true, message: `${assertion.path} equals ${show(assertion.value)}` }
          : {
              passed: false,
              message: `${assertion.path} is ${show(value)}, expected ${show(assertion.value)}`,
            },
      );
    case 'contains':
      return atPath(context, assertion.path, (value) =>
        checkContains(assertion.path, value, assertion.value),
      );
    case 'regex':
      return atPath(context, assertion.path, (value) => {
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
          return { passed: false, message: `${assertion.path} is ${kind(value)}, not a string` };
        }
        const text = String(value);
        if (text.length > MAX_REGEX_INPUT_CHARS) {
          return {
            passed: false,
            message: `${assertion.path} is ${text.length} characters long; a regex is matched against at most ${MAX_REGEX_INPUT_CHARS}`,
          };
        }
        let matched: boolean;
        try {
          matched = compileSafeRegex(assertion.pattern, assertion.flags).test(text);
        } catch (error) {
          // Stored before patterns were checked with RE2 at save time.
          return { passed: false, message: `/${assertion.pattern}/ ${(error as Error).message}` };
        }
        return {
          passed: matched,
          message: `${assertion.path} ${matched ? 'matches' : 'does not match'} /${assertion.pattern}/${assertion.flags ?? ''}`,
        };
      });
    case 'max_duration_ms':
      return checkMax('total_duration_ms', context.total_duration_ms, assertion.max, 'ms');
    case 'max_steps':
      return checkMax('steps', context.steps, assertion.max, '');
  }
}

function checkSchema(
  schema: JsonSchema | undefined,
  path: string | undefined,
  context: AssertionContext,
): Verdict {
  const effective = schema ?? asSchema(context.output_schema);
  if (effective === undefined) {
    return { passed: false, message: 'no schema given and the run has no output_schema input' };
  }
  const target =
    path === undefined ? { found: true as const, value: context.result } : resolvePath(context.result, path);
  if (!target.found) return { passed: false, message: `${path} is missing` };
  const violations = validateJsonSchema(effective, target.value);
  if (violations.length === 0) return { passed: true, message: 'result matches the schema' };
  return {
    passed: false,
    message: violations.map((v) => `${v.path}: ${v.message}`).join('; '),
  };
}

function asSchema(value: unknown): JsonSchema | undefined {
  // TinyFish also accepts `output_schema: true` ("return JSON"), which constrains nothing.
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as JsonSchema;
  return undefined;
}

function checkContains(path: string, value: unknown, expected: unknown): Verdict {
  let passed: boolean;
  if (typeof value === 'string') {
    if (typeof expected !== 'string') {
      return { passed: false, message: `${path} is a string; a substring to look for must be a string` };
    }
    passed = value.includes(expected);
  } else if (Array.isArray(value)) {
    passed = value.some((item) => jsonSubset(item, expected));
  } else if (value !== null && typeof value === 'object') {
    passed = jsonSubset(value, expected);
  } else {
    return { passed: false, message: `${path} is ${kind(value)}; contains needs a string, array or object` };
  }
  return {
    passed,
    message: `${path} ${passed ? 'contains' : 'does not contain'} ${show(expected)}`,
  };
}

function atPath(context: AssertionContext, path: string, check: (value: unknown) => Verdict): Verdict {
  const found = resolvePath(context.result, path);
  return found.found ? check(found.value) : { passed: false, message: `${path} is missing` };
}

function checkMax(name: string, actual: number | null, max: number, unit: string): Verdict {
  if (actual === null) return { passed: false, message: `${name} is unknown` };
  const suffix = unit ? ` ${unit}` : '';
  return actual <= max
    ? { passed: true, message: `${name} ${actual}${suffix} <= ${max}${suffix}` }
    : { passed: false, message: `${name} ${actual}${suffix} > ${max}${suffix}` };
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
