import { describe, expect, it } from 'vitest';
import { foldByKey } from '../src/collections/fold-by-key.js';

describe('foldByKey', () => {
  it('folds the items of each key in order, keys in the order they first appear', () => {
    const items = [
      { key: 'b', n: 1 },
      { key: 'a', n: 2 },
      { key: 'b', n: 3 },
    ];
    const seen: Array<[number[] | undefined, number]> = [];
    const folded = foldByKey(
      items,
      (item) => item.key,
      (known: number[] | undefined, item) => {
        seen.push([known && [...known], item.n]);
        return [...(known ?? []), item.n];
      },
    );
    expect(folded).toEqual([[1, 3], [2]]);
    expect(seen).toEqual([
      [undefined, 1],
      [undefined, 2],
      [[1], 3],
    ]);
  });

  it('gives nothing for no items', () => {
    expect(foldByKey([], String, () => 0)).toEqual([]);
  });
});
