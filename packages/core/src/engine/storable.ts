/**
 * PostgreSQL refuses the NUL character in text and jsonb, and a hostile or broken upstream can
 * put it in any string it sends (an event, a result, an error message). Such characters are
 * replaced (U+FFFD) before a value is stored, so the run is recorded instead of every write of
 * it failing; what was replaced stays recognisable.
 */

/** A JSON value with every NUL in its strings and keys replaced; the same object when there is none. */
export function storableJson<T>(value: T): T {
  if (value === null || value === undefined) return value;
  if (!hasNul(value)) return value;
  return withoutNul(value) as T;
}

/**
 * Whether any string or key of the JSON value holds a NUL. A walk rather than a search of its
 * JSON text: every event and outcome passes here, and the text would be garbage at once.
 */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasNul);
  for (const key in value) {
    if (Object.hasOwn(value, key) && (key.includes('\u0000') || hasNul(Reflect.get(value, key)))) return true;
  }
  return false;
}

/** A text with every NUL replaced. */
export function storableText<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? value.replaceAll('\u0000', '\ufffd') : value) as T;
}

function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [storableText(key), withoutNul(inner)]),
    );
  }
  return value;
}
