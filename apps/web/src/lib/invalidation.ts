/**
 * Tells every mounted query that a write changed what it shows. Without it a list fetched
 * once (the scenario names that label runs) kept its old answer until a reload: after the
 * demo data was created, runs read "Scenario #1" instead of their scenario's name.
 */

type Listener = (prefix: string) => void;

const listeners = new Set<Listener>();

export function onInvalidate(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Marks every query under `prefix` (e.g. `/scenarios`; `/` for all) out of date. */
export function invalidate(prefix: string): void {
  for (const listener of listeners) listener(prefix);
}

/** Whether the query `path` lies under `prefix`. */
export function covers(prefix: string, path: string): boolean {
  if (prefix === '/') return true;
  return path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);
}

/**
 * What a successful write made stale: its collection (a PUT of `/scenarios/3` changes the
 * scenarios list), and everything after a cascading delete, which removes other collections'
 * rows too.
 *
 * @example
 * staleAfterWrite('/scenarios/3?cascade=true'); // '/'
 * staleAfterWrite('/runs/trigger'); // '/runs'
 */
export function staleAfterWrite(path: string): string {
  if (/[?&]cascade=true\b/.test(path)) return '/';
  return `/${path.split(/[/?]/)[1] ?? ''}`;
}
