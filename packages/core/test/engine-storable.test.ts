/** NUL characters replaced before a value is stored, wherever they hide in a JSON value. */
import { expect, it } from 'vitest';
import { storableJson, storableText } from '../src/engine/storable.js';

it('replaces a NUL in any string or key of a JSON value, however deep', () => {
  expect(storableJson('a\u0000b')).toBe('a\ufffdb');
  expect(storableJson({ list: [1, { deep: ['x', 'y\u0000'] }] })).toEqual({
    list: [1, { deep: ['x', 'y\ufffd'] }],
  });
  expect(storableJson({ 'key\u0000': true })).toEqual({ 'key\ufffd': true });
  expect(storableText('\u0000\u0000')).toBe('\ufffd\ufffd');
});

it('hands back the very value when it holds no NUL', () => {
  const value = { text: 'plain', n: 1.5, none: null, flags: [true, false], nested: { at: new Date(0) } };
  expect(storableJson(value)).toBe(value);
  expect(storableJson(null)).toBeNull();
  expect(storableJson(42)).toBe(42);
});
