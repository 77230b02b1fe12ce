/**
 * One value per key, in the order the keys first appear: each item is folded into what its key
 * holds so far (undefined for a key's first item). For rows that several records describe in
 * part, such as the attempts of one notification or the writes of one run.
 *
 * @example
 * foldByKey([{ k: 'a', n: 1 }, { k: 'a', n: 2 }], (x) => x.k, (sum = 0, x) => sum + x.n); // [3]
 */
export function foldByKey<T, K, V>(
  items: Iterable<T>,
  keyOf: (item: T) => K,
  fold: (known: V | undefined, item: T) => V,
): V[] {
  const byKey = new Map<K, V>();
  for (const item of items) {
    const key = keyOf(item);
    byKey.set(key, fold(byKey.get(key), item));
  }
  return [...byKey.values()];
}
