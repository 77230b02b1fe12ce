/**
 * What the dashboard's forms share between typing and sending: the checks of their text fields
 * (numbers and JSON typed as text) and the mapping of the API's 400 details onto their fields.
 * The forms check what can be checked in the browser; the API validates again and its messages win.
 */
import { ApiError } from './api';
import { type JsonParse, parseJsonArray, parseJsonObject, parseOptionalNumber } from './json-input';
import { fieldMessage, userMessage } from './user-messages';

/** One message per form field, plus `form` for what belongs to no field. */
export type FormErrors<S> = Partial<Record<keyof S | 'form', string>>;

/** What a form's `validate` returns: the messages, and the request body when there are none. */
export interface Checked<S, B> {
  errors: FormErrors<S>;
  body?: B;
}

type NumberRange = { min: number; max: number; integer?: boolean };

/**
 * Collects the messages of one pass over a form's values. Each check returns the parsed value,
 * or undefined (with the message recorded) when the text is not valid.
 *
 * @example
 * const check = new FormChecks<FormState>(state);
 * const iterations = check.number('iterations', 'Iterations', { min: 1, max: 1_000_000 });
 * if (state.name.trim() === '') check.fail('name', 'Give it a name.');
 * if (check.failed) return { errors: check.errors };
 */
export class FormChecks<S extends object> {
  readonly errors: FormErrors<S> = {};

  constructor(private readonly values: S) {}

  get failed(): boolean {
    return Object.keys(this.errors).length > 0;
  }

  fail(key: keyof S | 'form', message: string): void {
    this.errors[key] = message;
  }

  /**
   * An optional number typed as text, within a range. With `required`, empty text fails with
   * that message instead of being undefined.
   */
  number(key: keyof S, label: string, range: NumberRange, required?: string): number | undefined {
    const parsed = parseOptionalNumber(this.text(key), range);
    if (parsed.ok && parsed.value === undefined && required !== undefined) this.fail(key, required);
    return this.take(key, label, parsed);
  }

  /** A JSON object typed as text; empty text is `{}`. */
  jsonObject(key: keyof S, label: string): Record<string, unknown> {
    return this.take(key, label, parseJsonObject(this.text(key))) ?? {};
  }

  /** A JSON array typed as text; empty text is `[]`. */
  jsonArray(key: keyof S, label: string): unknown[] {
    return this.take(key, label, parseJsonArray(this.text(key))) ?? [];
  }

  private text(key: keyof S): string {
    const value = this.values[key];
    return typeof value === 'string' ? value : '';
  }

  private take<T>(key: keyof S, label: string, parsed: JsonParse<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.fail(key, `${label} ${parsed.error}.`);
    return undefined;
  }
}

/** Where the API's field paths land in a form: a path, and the form field for it and below it. */
export type FieldPaths<S> = ReadonlyArray<readonly [apiPath: string, key: keyof S]>;

/**
 * Puts the per-field messages of an API error on the form's fields. A path lands on the field of
 * its longest listed prefix: as the API said it when the path is exactly the listed one, in the
 * form's words otherwise (several thresholds can be wrong at once: each is shown, one per line).
 * A path no field claims, or an error with no field at all, is said at the form's end;
 * `unclaimed` can place the latter first (a 404 that belongs to a field, say).
 */
export function apiFieldErrors<S>(
  error: ApiError,
  paths: FieldPaths<S>,
  unclaimed?: (error: ApiError) => FormErrors<S> | undefined,
): FormErrors<S> {
  const out: FormErrors<S> = {};
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    const hit = paths
      .filter(([prefix]) => field === prefix || field.startsWith(`${prefix}.`))
      .sort((a, b) => b[0].length - a[0].length)[0];
    if (!hit) {
      out.form = fieldMessage(field, message);
      continue;
    }
    const text = field === hit[0] ? message : fieldMessage(field, message);
    const before = out[hit[1]];
    out[hit[1]] = before ? `${before}\n${text}` : text;
  }
  if (Object.keys(out).length > 0) return out;
  return unclaimed?.(error) ?? ({ form: userMessage(error) } as FormErrors<S>);
}

/** The messages of a failed save: the API's per field, anything else at the form's end. */
export function saveErrors<S>(
  error: unknown,
  paths: FieldPaths<S>,
  unclaimed?: (error: ApiError) => FormErrors<S> | undefined,
): FormErrors<S> {
  return error instanceof ApiError
    ? apiFieldErrors(error, paths, unclaimed)
    : ({ form: String(error) } as FormErrors<S>);
}
