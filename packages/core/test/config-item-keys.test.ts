/**
 * Keys of stored items for an export: stored keys are kept, the others are made from names,
 * unique per kind, and always valid keys.
 */
import { CONFIG_KEY_PATTERN } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { effectiveKeys, keyFromName } from '../src/config-as-code/index.js';

describe('configuration keys', () => {
  it.each([
    ['Shop search (EU)', 'shop-search-eu'],
    ['  GPT-4o: chat  ', 'gpt-4o-chat'],
    ['v1.2_beta', 'v1.2_beta'],
    ['Über café', 'ber-caf'],
    ['???', 'fallback'],
    ['x'.repeat(300), 'x'.repeat(90)],
  ])('makes %j into %j', (name, key) => {
    expect(keyFromName(name, 'fallback')).toBe(key);
    expect(key).toMatch(CONFIG_KEY_PATTERN);
  });

  it('keeps stored keys and makes the others unique, in id order', () => {
    const keys = effectiveKeys(
      [
        { id: 1, key: null, name: 'Shop' },
        { id: 2, key: 'shop', name: 'Other' },
        { id: 3, key: null, name: 'shop!' },
        { id: 4, key: null, name: '***' },
      ],
      'automation',
    );
    expect([...keys.entries()]).toEqual([
      [1, 'shop-2'],
      [2, 'shop'],
      [3, 'shop-3'],
      [4, 'automation-4'],
    ]);
  });
});
