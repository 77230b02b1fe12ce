/**
 * The wire schemas say exactly what the database rows hold: a column added in core without a
 * wire field (or the reverse) fails here, at type-check time and at run time, instead of
 * being silently dropped from responses by the serializer.
 */

import { automation, run, type runDetail, runEvent, scenario } from '@tfbench/contract';
import type { Automation, Run, RunEvent, Scenario } from '@tfbench/core/db';
import { automations, run_events, runs, scenarios } from '@tfbench/core/db';
import { describeEachDatabase } from '@tfbench/core/testing';
import { getTableColumns, getViewSelectedFields } from 'drizzle-orm';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { seedReadmeExamples, useApp } from './helpers.js';

describe('wire schemas and database rows', () => {
  it('have the same fields, by type', () => {
    // An automation's sealed credentials are the one column that never goes out.
    expectTypeOf<keyof z.input<typeof automation>>().toEqualTypeOf<Exclude<keyof Automation, 'secrets'>>();
    expectTypeOf<keyof z.input<typeof scenario>>().toEqualTypeOf<keyof Scenario>();
    expectTypeOf<keyof z.input<typeof run>>().toEqualTypeOf<keyof Run>();
    expectTypeOf<keyof z.input<typeof runEvent>>().toEqualTypeOf<keyof RunEvent>();
    expectTypeOf<keyof z.input<typeof runDetail>>().toEqualTypeOf<keyof Run | 'events'>();
  });

  it('have the same fields, by the tables themselves', () => {
    for (const [schema, table] of [
      [automation, automations],
      [scenario, scenarios],
      [run, runs],
    ] as const) {
      const columns = Object.keys(getTableColumns(table)).filter(
        (c) => !(table === automations && c === 'secrets'),
      );
      expect(Object.keys(schema.shape).sort()).toEqual(columns.sort());
    }
    expect(Object.keys(runEvent.shape).sort()).toEqual(Object.keys(getViewSelectedFields(run_events)).sort());
  });
});

describeEachDatabase('responses', (getDb) => {
  const app = useApp(getDb);

  it('carry every column of the stored row', async () => {
    await seedReadmeExamples(app());
    const [row] = await getDb().db.select().from(runs);
    const response = await app().inject({ method: 'GET', url: '/api/v1/runs/1' });
    expect(Object.keys(response.json()).sort()).toEqual([...Object.keys(row ?? {}), 'events'].sort());
  });
});
