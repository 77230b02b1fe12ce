/**
 * Parsing of the JSON text areas of the forms (inputs, settings, assertions), with messages
 * a person can act on.
 */

export type JsonParse<T> = { ok: true; value: T } | { ok: false; error: string };

/** Any JSON value, or the parser's complaint. */
function parseJson(text: string): JsonParse<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return {
      ok: false,
      error: `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/**
 * Parses a JSON object; empty text is an empty object.
 *
 * @example
 * parseJsonObject('{"a": 1}'); // { ok: true, value: { a: 1 } }
 * parseJsonObject('[1]'); // { ok: false, error: 'must be a JSON object such as {"key": "value"}' }
 */
export function parseJsonObject(text: string): JsonParse<Record<string, unknown>> {
  if (text.trim() === '') return { ok: true, value: {} };
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const { value } = parsed;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'must be a JSON object such as {"key": "value"}' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * Parses a JSON array; empty text is an empty array.
 *
 * @example
 * parseJsonArray('[{"path": "result.products", "min_items": 1}]').ok; // true
 */
export function parseJsonArray(text: string): JsonParse<unknown[]> {
  if (text.trim() === '') return { ok: true, value: [] };
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const { value } = parsed;
  if (!Array.isArray(value)) return { ok: false, error: 'must be a JSON array such as [ ... ]' };
  return { ok: true, value };
}

/** Pretty JSON for a text area; an empty object or array becomes empty text. */
export function toJsonText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && Object.keys(value).length === 0) return '';
  return JSON.stringify(value, null, 2);
}

/** Non-empty trimmed lines of a text area (one threshold expression per line). */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/**
 * Reads an optional positive number from a text field: empty is undefined, anything else
 * must be a number within [min, max].
 */
export function parseOptionalNumber(
  text: string,
  { min, max, integer = true }: { min: number; max: number; integer?: boolean },
): JsonParse<number | undefined> {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  const n = Number(t);
  if (!Number.isFinite(n)) return { ok: false, error: 'must be a number' };
  if (integer && !Number.isInteger(n)) return { ok: false, error: 'must be a whole number' };
  if (n < min || n > max) return { ok: false, error: `must be from ${min} to ${max}` };
  return { ok: true, value: n };
}
