import { PGlite } from '@electric-sql/pglite';
import { summarize } from '@tfbench/domain/statistics';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The analytics compute percentiles in SQL; this pins that our in-process figures are the
// same numbers PostgreSQL's percentile_cont and stddev_pop give for the same samples.
describe('summarize agrees with PostgreSQL', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
  });
  afterAll(async () => {
    await db.close();
  });

  it('for random samples', async () => {
    const samples = fc.sample(
      fc.array(fc.double({ min: 0, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 200 }),
      { numRuns: 25, seed: 42 },
    );
    for (const values of samples) {
      const { rows } = await db.query<Record<string, number>>(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS p50,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY v) AS p90,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY v) AS p95,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY v) AS p99,
                avg(v) AS mean, stddev_pop(v) AS stddev, min(v) AS min, max(v) AS max
           FROM unnest($1::float8[]) AS t(v)`,
        [values],
      );
      const sql = rows[0] as Record<string, number>;
      const ours = summarize(values);
      for (const key of ['p50', 'p90', 'p95', 'p99', 'mean', 'stddev', 'min', 'max'] as const) {
        expect(ours[key] as number).toBeCloseTo(Number(sql[key]), 6);
      }
    }
  });
});
