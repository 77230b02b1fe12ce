/**
 * Paths into a JSON value, in the dot/bracket notation people already write in JavaScript:
 * `products[0].name`, `data["price (USD)"]`, `['a.b']`, with an optional leading `$` for
 * the root. An empty path (or `$`) is the value itself.
 */

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

/** Thrown for a path that cannot be parsed; the message says where. */
export class PathSyntaxError extends Error {
  override readonly name = 'PathSyntaxError';
}

/**
 * Parse a path into segments.
 *
 * @example
 * parsePath('products[0].name'); // ['products', 0, 'name']
 * parsePath('$["a b"]'); // ['a b']
 */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  let expectName = i === 0; // a bare leading name needs no dot
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      i++;
      const start = i;
      while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
      if (i === start) throw new PathSyntaxError(`empty name after "." at position ${start} in "${path}"`);
      segments.push(path.slice(start, i));
    } else if (ch === '[') {
      const [segment, next] = parseBracket(path, i);
      segments.push(segment);
      i = next;
    } else if (expectName) {
      const start = i;
      while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
      segments.push(path.slice(start, i));
    } else {
      throw new PathSyntaxError(`unexpected "${ch}" at position ${i} in "${path}"`);
    }
    expectName = false;
  }
  return segments;
}

function parseBracket(path: string, open: number): [PathSegment, number] {
  const quote = path[open + 1];
  if (quote === '"' || quote === "'") {
    let i = open + 2;
    let key = '';
    while (i < path.length && path[i] !== quote) {
      if (path[i] === '\\' && i + 1 < path.length) i++;
      key += path[i];
      i++;
    }
    if (path[i] !== quote || path[i + 1] !== ']') {
      throw new PathSyntaxError(`unterminated [${quote}...${quote}] at position ${open} in "${path}"`);
    }
    return [key, i + 2];
  }
  const close = path.indexOf(']', open);
  const digits = close === -1 ? '' : path.slice(open + 1, close);
  if (!/^\d+$/.test(digits)) {
    throw new PathSyntaxError(
      `expected an index such as [0] or a quoted key at position ${open} in "${path}"`,
    );
  }
  return [Number(digits), close + 1];
}

/** Render segments back as a path, for messages. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '$' : out;
}

/** What a path points at: `found` is false when some step does not exist. */
export type Resolved = { found: true; value: unknown } | { found: false };

/**
 * Follow `path` into `root`. Numbers index arrays only and names index objects only (own
 * properties), so `items.0` and `obj[0]` do not silently alias each other.
 *
 * @example
 * resolvePath({ a: [{ b: 1 }] }, 'a[0].b'); // { found: true, value: 1 }
 */
export function resolvePath(root: unknown, path: string | readonly PathSegment[]): Resolved {
  const segments = typeof path === 'string' ? parsePath(path) : path;
  let current: unknown = root;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return { found: false };
      current = current[segment];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return { found: false };
      if (!Object.hasOwn(current, segment)) return { found: false };
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return { found: true, value: current };
}
