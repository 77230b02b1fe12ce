import { type DelayDistribution, MAX_DELAY_MS } from './distributions.js';
import { customIssue, type InputIssue, isPlainObject, typeIssue } from './issues.js';
import {
  type ErrorCategory,
  type FailureTemplate,
  INJECTED_FAULTS,
  type InjectedFault,
  type LoadModel,
  type MockBehaviour,
  type MockBehaviourOverrides,
  type OutcomeWeights,
  type StepCount,
} from './model.js';

type Path = (string | number)[];
type Parser<T> = (value: unknown, path: Path, issues: InputIssue[]) => T | undefined;

/**
 * Validates a `mock` object (or the server-wide model) and returns the parsed subset.
 * Unknown keys are rejected so that a typo in a scenario ("stpes") fails loudly instead of
 * silently running the default model.
 */
export function parseBehaviourInput(
  value: unknown,
  path: Path = ['mock'],
): { value: MockBehaviourOverrides; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  if (!isPlainObject(value)) {
    issues.push(typeIssue(path, 'object', value));
    return { value: {}, issues };
  }
  const out: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [key, raw] of Object.entries(value)) {
    const parser = FIELD_PARSERS[key as keyof MockBehaviour] as Parser<unknown> | undefined;
    if (!parser) {
      unknown.push(key);
      continue;
    }
    const parsed = parser(raw, [...path, key], issues);
    if (parsed !== undefined) out[key] = parsed;
  }
  if (unknown.length > 0) {
    issues.push({
      code: 'unrecognized_keys',
      path,
      message: `Unrecognized key(s) in object: ${unknown.map((k) => `"${k}"`).join(', ')}`,
    });
  }
  return { value: out as MockBehaviourOverrides, issues };
}

/** Throws a readable error when a server-wide model is invalid (a programming or CLI error). */
export function assertBehaviourInput(value: unknown, label: string): MockBehaviourOverrides {
  const { value: parsed, issues } = parseBehaviourInput(value, [label]);
  if (issues.length > 0) {
    const text = issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new TypeError(`Invalid mock behaviour model: ${text}`);
  }
  return parsed;
}

function finiteNumber(min: number, max = Number.POSITIVE_INFINITY): Parser<number> {
  return (v, path, issues) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      issues.push(typeIssue(path, 'number', v));
      return undefined;
    }
    if (v < min) {
      issues.push({ code: 'too_small', path, message: `Too small: expected number to be >=${min}` });
      return undefined;
    }
    if (v > max) {
      issues.push({ code: 'too_big', path, message: `Too big: expected number to be <=${max}` });
      return undefined;
    }
    return v;
  };
}

function integer(min: number, max = Number.MAX_SAFE_INTEGER): Parser<number> {
  const num = finiteNumber(min, max);
  return (v, path, issues) => {
    const n = num(v, path, issues);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n)) {
      issues.push(typeIssue(path, 'int', v));
      return undefined;
    }
    return n;
  };
}

function oneOf<T extends string | number>(values: readonly T[]): Parser<T> {
  return (v, path, issues) => {
    if (!values.includes(v as T)) {
      issues.push({
        code: 'invalid_value',
        path,
        message: `Invalid option: expected one of ${values.map((x) => JSON.stringify(x)).join('|')}`,
      });
      return undefined;
    }
    return v as T;
  };
}

function nullable<T>(inner: Parser<T>): Parser<T | null> {
  return (v, path, issues) => (v === null ? null : inner(v, path, issues));
}

const bool: Parser<boolean> = (v, path, issues) => {
  if (typeof v !== 'boolean') {
    issues.push(typeIssue(path, 'boolean', v));
    return undefined;
  }
  return v;
};

const nonEmptyString: Parser<string> = (v, path, issues) => {
  if (typeof v !== 'string' || v.length === 0) {
    issues.push(typeIssue(path, 'non-empty string', v));
    return undefined;
  }
  return v;
};

const delayMs = finiteNumber(0, MAX_DELAY_MS);
const probability = finiteNumber(0, 1);

/** A number is shorthand for `{ dist: 'fixed', value }`. */
const distribution: Parser<DelayDistribution> = (v, path, issues) => {
  if (typeof v === 'number') {
    const value = delayMs(v, path, issues);
    return value === undefined ? undefined : { dist: 'fixed', value };
  }
  if (!isPlainObject(v)) {
    issues.push(typeIssue(path, 'number or distribution object', v));
    return undefined;
  }
  const before = issues.length;
  const field = (key: string, optional = false): number | undefined => {
    if (optional && v[key] === undefined) return undefined;
    return delayMs(v[key], [...path, key], issues);
  };
  switch (v.dist) {
    case 'fixed': {
      const value = field('value');
      return issues.length === before ? { dist: 'fixed', value: value! } : undefined;
    }
    case 'uniform': {
      const min = field('min');
      const max = field('max');
      if (issues.length > before) return undefined;
      if (min! > max!) {
        issues.push(customIssue(path, 'uniform distribution needs min <= max'));
        return undefined;
      }
      return { dist: 'uniform', min: min!, max: max! };
    }
    case 'normal':
    case 'lognormal': {
      const centre = v.dist === 'normal' ? field('mean') : field('median');
      const spread = v.dist === 'normal' ? field('stddev') : field('sigma');
      const min = field('min', true);
      const max = field('max', true);
      if (issues.length > before) return undefined;
      const bounds = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
      return v.dist === 'normal'
        ? { dist: 'normal', mean: centre!, stddev: spread!, ...bounds }
        : { dist: 'lognormal', median: centre!, sigma: spread!, ...bounds };
    }
    default:
      issues.push({
        code: 'invalid_value',
        path: [...path, 'dist'],
        message: 'Invalid option: expected one of "fixed"|"uniform"|"normal"|"lognormal"',
      });
      return undefined;
  }
};

const stepCount: Parser<StepCount> = (v, path, issues) => {
  const count = integer(0, 500);
  if (typeof v === 'number') return count(v, path, issues);
  if (!isPlainObject(v)) {
    issues.push(typeIssue(path, 'integer or {min, max}', v));
    return undefined;
  }
  const min = count(v.min, [...path, 'min'], issues);
  const max = count(v.max, [...path, 'max'], issues);
  if (min === undefined || max === undefined) return undefined;
  if (min > max) {
    issues.push(customIssue(path, 'steps range needs min <= max'));
    return undefined;
  }
  return { min, max };
};

const outcomeWeights: Parser<OutcomeWeights> = (v, path, issues) => {
  if (!isPlainObject(v)) {
    issues.push(typeIssue(path, 'object', v));
    return undefined;
  }
  const weight = finiteNumber(0);
  const out: OutcomeWeights = { completed: 0, failed: 0, cancelled: 0 };
  for (const key of Object.keys(v)) {
    if (key !== 'completed' && key !== 'failed' && key !== 'cancelled') {
      issues.push(customIssue([...path, key], 'expected one of completed|failed|cancelled'));
      return undefined;
    }
    const w = weight(v[key], [...path, key], issues);
    if (w === undefined) return undefined;
    out[key] = w;
  }
  if (out.completed + out.failed + out.cancelled <= 0) {
    issues.push(customIssue(path, 'at least one outcome weight must be > 0'));
    return undefined;
  }
  return out;
};

const faultProbabilities: Parser<Partial<Record<InjectedFault, number>>> = (v, path, issues) => {
  if (!isPlainObject(v)) {
    issues.push(typeIssue(path, 'object', v));
    return undefined;
  }
  const out: Partial<Record<InjectedFault, number>> = {};
  let sum = 0;
  for (const key of Object.keys(v)) {
    if (!(INJECTED_FAULTS as readonly string[]).includes(key)) {
      issues.push(customIssue([...path, key], `expected one of ${INJECTED_FAULTS.join('|')}`));
      return undefined;
    }
    const p = probability(v[key], [...path, key], issues);
    if (p === undefined) return undefined;
    out[key as InjectedFault] = p;
    sum += p;
  }
  if (sum > 1 + 1e-9) {
    issues.push(customIssue(path, 'fault probabilities must sum to <= 1'));
    return undefined;
  }
  return out;
};

const CATEGORIES: readonly ErrorCategory[] = [
  'SYSTEM_FAILURE',
  'AGENT_FAILURE',
  'BILLING_FAILURE',
  'UNKNOWN',
];

/** Only `message` is required; the rest default to a generic agent failure. */
const failureTemplate: Parser<FailureTemplate> = (v, path, issues) => {
  if (!isPlainObject(v)) {
    issues.push(typeIssue(path, 'object', v));
    return undefined;
  }
  const before = issues.length;
  const message = nonEmptyString(v.message, [...path, 'message'], issues);
  const code = v.code === undefined ? 'task_failed' : nonEmptyString(v.code, [...path, 'code'], issues);
  const category =
    v.category === undefined ? 'AGENT_FAILURE' : oneOf(CATEGORIES)(v.category, [...path, 'category'], issues);
  const retryAfter =
    v.retry_after === undefined
      ? null
      : nullable(finiteNumber(0))(v.retry_after, [...path, 'retry_after'], issues);
  const helpUrl =
    v.help_url === undefined ? undefined : nonEmptyString(v.help_url, [...path, 'help_url'], issues);
  const helpMessage =
    v.help_message === undefined
      ? undefined
      : nonEmptyString(v.help_message, [...path, 'help_message'], issues);
  if (issues.length > before) return undefined;
  return {
    code: code!,
    message: message!,
    category: category!,
    retry_after: retryAfter ?? null,
    ...(helpUrl !== undefined ? { help_url: helpUrl } : {}),
    ...(helpMessage !== undefined ? { help_message: helpMessage } : {}),
  };
};

const failureList: Parser<FailureTemplate[]> = (v, path, issues) => {
  if (!Array.isArray(v) || v.length === 0) {
    issues.push(typeIssue(path, 'non-empty array', v));
    return undefined;
  }
  const out: FailureTemplate[] = [];
  for (let i = 0; i < v.length; i++) {
    const f = failureTemplate(v[i], [...path, i], issues);
    if (f === undefined) return undefined;
    out.push(f);
  }
  return out;
};

const resultObject: Parser<Record<string, unknown>> = (v, path, issues) => {
  if (!isPlainObject(v)) {
    issues.push(typeIssue(path, 'object', v));
    return undefined;
  }
  return v;
};

const loadModel: Parser<LoadModel> = (v, path, issues) => {
  if (!isPlainObject(v)) {
    issues.push(typeIssue(path, 'object', v));
    return undefined;
  }
  for (const key of Object.keys(v)) {
    if (key !== 'knee' && key !== 'scale') {
      issues.push(customIssue([...path, key], 'expected one of knee|scale'));
      return undefined;
    }
  }
  const knee = integer(0)(v.knee, [...path, 'knee'], issues);
  const scale = finiteNumber(Number.MIN_VALUE)(v.scale, [...path, 'scale'], issues);
  if (knee === undefined || scale === undefined) return undefined;
  return { knee, scale };
};

const FIELD_PARSERS: { [K in keyof MockBehaviour]: Parser<MockBehaviour[K]> } = {
  started_delay_ms: distribution,
  streaming_url: bool,
  streaming_url_delay_ms: distribution,
  steps: stepCount,
  step_delay_ms: distribution,
  complete_delay_ms: nullable(distribution),
  heartbeat_interval_ms: finiteNumber(0, MAX_DELAY_MS),
  outcome: nullable(oneOf(['COMPLETED', 'FAILED', 'CANCELLED'] as const)),
  outcome_probabilities: outcomeWeights,
  failure: nullable(failureTemplate),
  failures: failureList,
  complete_error_format: oneOf(['object', 'string'] as const),
  goal_failure_probability: probability,
  result: nullable(resultObject),
  spelling: oneOf(['snake', 'camel'] as const),
  line_ending: oneOf(['lf', 'crlf'] as const),
  tf_api_results: integer(0, 100),
  sync_failure_status: oneOf([200, 500] as const),
  fault: nullable(oneOf([...INJECTED_FAULTS, 'none'] as const)),
  fault_probabilities: faultProbabilities,
  fault_limit: nullable(integer(1)),
  fault_key: nullable(nonEmptyString),
  retry_after_s: finiteNumber(0, 86400),
  drop_after_events: integer(0),
  malformed_after_events: integer(0),
  runaway_after_events: integer(0),
  runaway_line_bytes: integer(1024, 256 * 1024 * 1024),
  seed: nullable(integer(0, 4294967295)),
  load: nullable(loadModel),
};
