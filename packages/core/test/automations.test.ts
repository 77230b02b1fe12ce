import { ConflictError, NotFoundError, ValidationError } from '@tfbench/domain/errors';
import { expect, it } from 'vitest';
import { benchmarks, run_events, runs, scenarios } from '../src/db/schema.js';
import {
  createAutomation,
  deleteAutomation,
  getAutomation,
  listAutomations,
  presentAutomation,
  updateAutomation,
} from '../src/services/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import {
  rejectionAs,
  rejectionOf,
  seedAutomation,
  seedBenchmark,
  seedEvents,
  seedRun,
  seedScenario,
  sleep,
} from './seed.js';

describeEachDatabase('automation services', (getDb) => {
  const deps = () => ({ db: getDb() });

  it('creates the README example with defaults for what is left out', async () => {
    const created = await createAutomation(deps(), {
      name: 'GPT-4 Chat Automation',
      tinyfish_automation_id: 'auto_123abc',
      description: 'GPT-4 chat completion automation',
      default_inputs: { model: 'gpt-4', temperature: 0.7 },
    });
    expect(created).toMatchObject({
      id: 1,
      name: 'GPT-4 Chat Automation',
      tinyfish_automation_id: 'auto_123abc',
      description: 'GPT-4 chat completion automation',
      default_inputs: { model: 'gpt-4', temperature: 0.7 },
      provider: 'tinyfish',
      config: {},
    });
    expect(created.created_at).toBeInstanceOf(Date);
    expect(created.updated_at.getTime()).toBe(created.created_at.getTime());
    expect(await getAutomation(deps(), 1)).toEqual(created);

    const bare = await createAutomation(deps(), { name: 'bare' });
    expect(bare).toMatchObject({
      id: 2,
      tinyfish_automation_id: null,
      description: null,
      default_inputs: {},
    });
  });

  it('stores provider and config', async () => {
    const created = await createAutomation(deps(), {
      name: 'openai',
      provider: 'openai',
      config: { mode: 'stream', base_url: 'https://llm.example.com/v1', extra: [1] },
    });
    expect(created.provider).toBe('openai');
    expect(created.config).toEqual({
      mode: 'stream',
      base_url: 'https://llm.example.com/v1',
      extra: [1],
      api_key_set: false,
      headers_set: [],
    });
  });

  it('rejects input PostgreSQL cannot store, naming every field', async () => {
    const error = await rejectionAs(
      createAutomation(deps(), {
        name: 'nul\u0000byte',
        default_inputs: ['not', 'an', 'object'] as unknown as Record<string, unknown>,
        provider: 'anthropic' as 'openai',
        config: { mode: 'bogus' as 'sse', nested: { lone: '\ud800' } },
      }),
      ValidationError,
    );
    expect(error.details.map((d) => d.field).sort()).toEqual([
      'config',
      'config.mode',
      'default_inputs',
      'name',
      'provider',
    ]);
    expect((await listAutomations(deps())).total).toBe(0);
  });

  it('rejects JSON nested deeper than 64 levels', async () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) deep = { d: deep };
    const error = await rejectionAs(
      createAutomation(deps(), { name: 'deep', default_inputs: deep }),
      ValidationError,
    );
    expect(error.details).toEqual([
      { field: 'default_inputs', message: 'must be nested at most 64 levels deep' },
    ]);
  });

  it('lists oldest first, one page at a time, with the total', async () => {
    for (const name of ['a', 'b', 'c']) await createAutomation(deps(), { name });
    const all = await listAutomations(deps());
    expect(all.items.map((a) => a.name)).toEqual(['a', 'b', 'c']);
    expect(all.total).toBe(3);
    const page = await listAutomations(deps(), { skip: 1, limit: 1 });
    expect(page.items.map((a) => a.name)).toEqual(['b']);
    expect(page.total).toBe(3);
    expect((await listAutomations(deps(), { skip: 10, limit: 5 })).items).toEqual([]);
  });

  it('refuses a page outside the allowed bounds', async () => {
    for (const params of [{ limit: 0 }, { limit: 1001 }, { skip: -1 }, { skip: 1.5 }, { skip: 1e30 }]) {
      const error = await rejectionAs(listAutomations(deps(), params), ValidationError);
      expect(error.details[0]!.field).toBe(Object.keys(params)[0]);
    }
  });

  it('answers NotFoundError for an unknown id, also one beyond the integer range', async () => {
    for (const id of [1, 2 ** 31, -1, 0]) {
      const error = await rejectionAs(getAutomation(deps(), id), NotFoundError);
      expect(error).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
      expect(error.details.resource).toBe('automation');
    }
  });

  it('updates only the fields given, clears with null, and moves updated_at on', async () => {
    const created = await createAutomation(deps(), {
      name: 'before',
      description: 'kept?',
      tinyfish_automation_id: 'auto_1',
      default_inputs: { a: 1 },
    });
    await sleep(5);
    const renamed = await updateAutomation(deps(), created.id, { name: 'after' });
    expect(renamed).toMatchObject({
      name: 'after',
      description: 'kept?',
      tinyfish_automation_id: 'auto_1',
      default_inputs: { a: 1 },
    });
    expect(renamed.created_at).toEqual(created.created_at);
    expect(renamed.updated_at.getTime()).toBeGreaterThan(created.updated_at.getTime());

    const cleared = await updateAutomation(deps(), created.id, {
      description: null,
      default_inputs: { b: 2 },
    });
    expect(cleared).toMatchObject({ name: 'after', description: null, default_inputs: { b: 2 } });

    await sleep(5);
    const touched = await updateAutomation(deps(), created.id, {});
    expect(touched.updated_at.getTime()).toBeGreaterThan(cleared.updated_at.getTime());
    expect(touched.name).toBe('after');
  });

  it('refuses to null a required field or update a missing automation', async () => {
    const created = await seedAutomation(getDb());
    const nulled = await rejectionOf(
      updateAutomation(deps(), created.id, {
        name: null as unknown as string,
        default_inputs: null as never,
      }),
    );
    expect((nulled as ValidationError).details.map((d) => d.field)).toEqual(['name', 'default_inputs']);
    expect(await rejectionOf(updateAutomation(deps(), 99, { name: 'x' }))).toBeInstanceOf(NotFoundError);
  });

  it('deletes an unused automation', async () => {
    const created = await seedAutomation(getDb());
    const result = await deleteAutomation(deps(), created.id);
    expect(result.automation.id).toBe(created.id);
    expect(result.deleted).toEqual({ scenarios: 0, runs: 0, benchmarks: 0 });
    expect(await rejectionOf(getAutomation(deps(), created.id))).toBeInstanceOf(NotFoundError);
    expect(await rejectionOf(deleteAutomation(deps(), created.id))).toBeInstanceOf(NotFoundError);
  });

  it('answers ConflictError while scenarios use it, and deletes nothing', async () => {
    const automation = await seedAutomation(getDb());
    await seedScenario(getDb(), automation.id);
    await seedScenario(getDb(), automation.id);
    const error = await rejectionAs(deleteAutomation(deps(), automation.id), ConflictError);
    expect(error).toMatchObject({ code: 'CONFLICT', httpStatus: 409 });
    expect(error.details).toEqual({
      resource: 'automation',
      id: automation.id,
      scenarios: 2,
    });
    expect(await getAutomation(deps(), automation.id)).toEqual(presentAutomation(automation));
  });

  it('with cascade deletes its scenarios, their runs, events and benchmarks, and nothing else', async () => {
    const handle = getDb();
    const doomed = await seedAutomation(handle, 'doomed');
    const kept = await seedAutomation(handle, 'kept');
    const doomedScenarios = [await seedScenario(handle, doomed.id), await seedScenario(handle, doomed.id)];
    const keptScenario = await seedScenario(handle, kept.id);
    const benchmark = await seedBenchmark(handle, doomedScenarios[0]!.id);
    const doomedRun = await seedRun(handle, doomedScenarios[0]!.id, { benchmark_id: benchmark.id });
    await seedEvents(handle, doomedRun.id, 3);
    await seedRun(handle, doomedScenarios[1]!.id);
    const keptRun = await seedRun(handle, keptScenario.id);
    await seedEvents(handle, keptRun.id, 2);

    const result = await deleteAutomation(deps(), doomed.id, { cascade: true });
    expect(result.deleted).toEqual({ scenarios: 2, runs: 2, benchmarks: 1 });

    const { db } = handle;
    expect((await db.select().from(scenarios)).map((s) => s.id)).toEqual([keptScenario.id]);
    expect((await db.select().from(runs)).map((r) => r.id)).toEqual([keptRun.id]);
    expect((await db.select().from(run_events)).map((e) => e.run_id)).toEqual([keptRun.id, keptRun.id]);
    expect(await db.select().from(benchmarks)).toEqual([]);
    expect((await listAutomations(deps())).items.map((a) => a.name)).toEqual(['kept']);
  });

  it('rolls a failing cascade back whole', async () => {
    const handle = getDb();
    const doomed = await seedAutomation(handle, 'doomed');
    const other = await seedAutomation(handle, 'other');
    const doomedScenario = await seedScenario(handle, doomed.id);
    const otherScenario = await seedScenario(handle, other.id);
    const benchmark = await seedBenchmark(handle, doomedScenario.id);
    await seedRun(handle, doomedScenario.id);
    // A run of another automation pointing at this automation's benchmark makes the
    // benchmark delete fail after the runs were already deleted inside the transaction.
    await seedRun(handle, otherScenario.id, { benchmark_id: benchmark.id });

    const error = await rejectionOf(deleteAutomation(deps(), doomed.id, { cascade: true }));
    expect(error).toBeInstanceOf(ConflictError);
    const { db } = handle;
    expect(await db.select().from(runs)).toHaveLength(2);
    expect(await db.select().from(scenarios)).toHaveLength(2);
    expect(await db.select().from(benchmarks)).toHaveLength(1);
    expect(await getAutomation(deps(), doomed.id)).toEqual(presentAutomation(doomed));
  });
});
