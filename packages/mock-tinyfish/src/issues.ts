/**
 * One validation problem, in the shape of a Zod issue because that is what the real API puts
 * in `error.details` of an INVALID_INPUT envelope.
 */
export interface InputIssue {
  code:
    | 'invalid_type'
    | 'invalid_value'
    | 'invalid_format'
    | 'too_small'
    | 'too_big'
    | 'unrecognized_keys'
    | 'custom';
  path: (string | number)[];
  message: string;
  expected?: string;
}

/** Describes a JSON value's type the way Zod words it ("received undefined"). */
export function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function typeIssue(path: (string | number)[], expected: string, received: unknown): InputIssue {
  return {
    code: 'invalid_type',
    expected,
    path,
    message: `Invalid input: expected ${expected}, received ${describeType(received)}`,
  };
}

export function customIssue(path: (string | number)[], message: string): InputIssue {
  return { code: 'custom', path, message };
}

/** `Field "a.b": <message>`: the real API's one-line summary of the first issue. */
export function summariseIssues(issues: readonly InputIssue[]): string {
  const first = issues[0];
  if (!first) return 'Invalid input';
  return `Field "${first.path.join('.')}": ${first.message}`;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
