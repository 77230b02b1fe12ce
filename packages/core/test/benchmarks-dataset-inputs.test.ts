/** Which dataset row each run takes, and how a row fills the inputs' {{row.FIELD}} templates. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRowTemplates, rowIndexes, templateFields } from '../src/benchmarks/index.js';

describe('rowIndexes', () => {
  it('sequential wraps around; shuffle is one seeded permutation per pass; sample stays in range', () => {
    expect(rowIndexes({ order: 'sequential', seed: 1 }, 3, 7)).toEqual([0, 1, 2, 0, 1, 2, 0]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 1000 }), (rows, seed) => {
        const shuffled = rowIndexes({ order: 'shuffle', seed }, rows, rows * 2);
        const pass = shuffled.slice(0, rows);
        expect([...pass].sort((a, b) => a - b)).toEqual(Array.from({ length: rows }, (_, i) => i));
        expect(shuffled.slice(rows)).toEqual(pass);
        expect(rowIndexes({ order: 'shuffle', seed }, rows, rows)).toEqual(pass);
        const sampled = rowIndexes({ order: 'sample', seed }, rows, 100);
        for (const index of sampled) expect(index >= 0 && index < rows).toBe(true);
        expect(rowIndexes({ order: 'sample', seed }, rows, 100)).toEqual(sampled);
      }),
    );
  });
});

describe('row templates', () => {
  it('a whole-string template keeps the value; inside text it is written as text', () => {
    const row = { url: 'https://a.example', n: 3, obj: { k: 1 } };
    expect(
      applyRowTemplates(
        {
          url: '{{row.url}}',
          n: '{{ row.n }}',
          goal: 'Find {{row.n}} of {{row.obj}}{{row.none}}',
          keep: 5,
          list: ['{{row.url}}'],
        },
        row,
      ),
    ).toEqual({
      url: 'https://a.example',
      n: 3,
      goal: 'Find 3 of {"k":1}',
      keep: 5,
      list: ['https://a.example'],
    });
    expect([...templateFields({ a: '{{row.x}} {{row.y}}', b: ['{{row.z}}'] })]).toEqual(['x', 'y', 'z']);
  });
});
