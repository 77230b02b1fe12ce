/**
 * The key of every stored item: its own, or for an item no apply has keyed yet one made from
 * its name, unique among the keys of its kind. Exports write these keys, and an apply of such
 * an export to the same server takes the unkeyed items over by name (see plan-configuration).
 */
import { CONFIG_KEY_PATTERN } from '@tfbench/contract';

/** `Shop search (EU)` -> `shop-search-eu`: lower case, runs of other characters become one `-`. */
export function keyFromName(name: string, fallback: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9_.]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .slice(0, 90)
    .replace(/-+$/, '');
  return CONFIG_KEY_PATTERN.test(slug) ? slug : fallback;
}

/**
 * Keys by id, for rows in id order: stored keys are kept; the others get their name's key,
 * with `-2`, `-3`, ... appended while it is taken.
 */
export function effectiveKeys(
  rows: ReadonlyArray<{ id: number; key: string | null; name: string }>,
  kind: string,
): Map<number, string> {
  const taken = new Set(rows.flatMap((row) => (row.key === null ? [] : [row.key])));
  const keys = new Map<number, string>();
  for (const row of rows) {
    if (row.key !== null) {
      keys.set(row.id, row.key);
      continue;
    }
    const base = keyFromName(row.name, `${kind}-${row.id}`);
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
    taken.add(key);
    keys.set(row.id, key);
  }
  return keys;
}
