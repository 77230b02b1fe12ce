/**
 * Credentials written into an automation's config: sealed at rest, reported only as set,
 * changed with omit/null/value semantics, opened only for the provider, and re-sealed by a
 * rotation. On PGlite and PostgreSQL.
 */
import { ValidationError } from '@tfbench/domain/errors';
import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { automations } from '../src/db/schema.js';
import {
  CredentialsUnavailableError,
  openAutomationCredentials,
  ResealError,
  resealCredentials,
  SecretBox,
} from '../src/secrets/index.js';
import { createAutomation, getAutomation, listAutomations, updateAutomation } from '../src/services/index.js';
import { describeEachDatabase, newSecretBox } from '../src/testing/index.js';
import { rejectionAs } from './seed.js';

const API_KEY = 'sk-test-DO-NOT-LEAK-4f2a9c';
const HEADER_VALUE = 'org-DO-NOT-LEAK-77e1';

describeEachDatabase('automation credentials', (getDb) => {
  const box = newSecretBox();
  const deps = (settings = { box, keyEnvNames: ['OPENAI_API_KEY'] }) => ({
    db: getDb(),
    credentials: settings,
  });
  const storedRow = async (id: number) => {
    const [row] = await getDb().db.select().from(automations).where(eq(automations.id, id));
    if (!row) throw new Error(`automation ${id} is gone`);
    return row;
  };

  const createWithCredentials = () =>
    createAutomation(deps(), {
      name: 'vLLM',
      provider: 'openai',
      config: {
        base_url: 'https://llm.example.com/v1',
        api_key: API_KEY,
        headers: { 'X-Org': HEADER_VALUE, 'x-team': 'team-secret-value' },
      },
    });

  it('stores them sealed, outside config, and answers with api_key_set and the header names', async () => {
    const created = await createWithCredentials();
    expect(created.config).toEqual({
      base_url: 'https://llm.example.com/v1',
      api_key_set: true,
      headers_set: ['x-org', 'x-team'],
    });
    expect(created).not.toHaveProperty('secrets');
    for (const view of [
      created,
      await getAutomation(deps(), created.id),
      ...(await listAutomations(deps())).items,
    ]) {
      const text = JSON.stringify(view);
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(HEADER_VALUE);
      expect(text).not.toContain('v1:');
    }
    const row = await storedRow(created.id);
    expect(row.config).toEqual({ base_url: 'https://llm.example.com/v1' });
    expect(Object.keys(row.secrets.headers ?? {})).toEqual(['x-org', 'x-team']);
    // Nothing in the table holds the plaintext, in any column.
    const result = (await getDb().db.execute(
      sql`select row_to_json(a)::text as t from automations a`,
    )) as unknown as {
      rows: Array<{ t: string }>;
    };
    const dump = result.rows[0];
    expect(dump?.t).toContain('"secrets"');
    expect(dump?.t).not.toContain(API_KEY);
    expect(dump?.t).not.toContain(HEADER_VALUE);

    expect(openAutomationCredentials(row, { box })).toEqual({
      api_key: API_KEY,
      headers: { 'x-org': HEADER_VALUE, 'x-team': 'team-secret-value' },
    });
  });

  it('keeps what an update omits, clears what it sets to null, replaces what it gives', async () => {
    const { id } = await createWithCredentials();
    // No config at all, then a config without credentials: both keep them.
    await updateAutomation(deps(), id, { description: 'edited' });
    const kept = await updateAutomation(deps(), id, { config: { base_url: 'https://other.example.com/v1' } });
    expect(kept.config).toMatchObject({ api_key_set: true, headers_set: ['x-org', 'x-team'] });
    // A body read with GET can be sent back as is.
    const echoed = await updateAutomation(deps(), id, { config: kept.config });
    expect(echoed.config).toEqual(kept.config);

    const replaced = await updateAutomation(deps(), id, {
      config: {
        base_url: 'https://other.example.com/v1',
        api_key: 'sk-new-key',
        headers: { 'x-team': null, 'X-New': 'n' },
      },
    });
    expect(replaced.config).toMatchObject({ api_key_set: true, headers_set: ['x-new', 'x-org'] });
    expect(openAutomationCredentials(await storedRow(id), { box })).toEqual({
      api_key: 'sk-new-key',
      headers: { 'x-org': HEADER_VALUE, 'x-new': 'n' },
    });

    // A config replaces the stored one whole, so it keeps naming the endpoint it must have.
    const cleared = await updateAutomation(deps(), id, {
      config: { base_url: 'https://other.example.com/v1', api_key: null, headers: null },
    });
    expect(cleared.config).toMatchObject({ api_key_set: false, headers_set: [] });
    expect((await storedRow(id)).secrets).toEqual({});
    expect(openAutomationCredentials(await storedRow(id), { box })).toBeUndefined();
  });

  it('refuses hostile values with 400 naming the field, never quoting the value', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ api_key: 42 }, 'config.api_key'],
      [{ api_key: { nested: API_KEY } }, 'config.api_key'],
      [{ api_key: 'k'.repeat(4_097) }, 'config.api_key'],
      [{ api_key: `${API_KEY}\r\nX-Injected: 1` }, 'config.api_key'],
      [{ api_key: '' }, 'config.api_key'],
      [{ headers: 'x-org: 1' }, 'config.headers'],
      [{ headers: { 'bad name': HEADER_VALUE } }, 'config.headers'],
      [{ headers: { host: HEADER_VALUE } }, 'config.headers.host'],
      [{ headers: { 'x-org': 7 } }, 'config.headers.x-org'],
      [{ headers: { 'x-org': 'v'.repeat(8_193) } }, 'config.headers.x-org'],
      [{ headers: { 'x-org': `${HEADER_VALUE}\n` } }, 'config.headers.x-org'],
      [
        { headers: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`x-h${i}`, 'v'])) },
        'config.headers',
      ],
      [{ api_key_env: 'not a name' }, 'config.api_key_env'],
      [{ api_key_env: 'DATABASE_URL' }, 'config.api_key_env'],
    ];
    for (const [config, field] of cases) {
      const error = await rejectionAs(createAutomation(deps(), { name: 'hostile', config }), ValidationError);
      expect(
        error.details.map((issue) => issue.field),
        JSON.stringify(config).slice(0, 80),
      ).toContain(field);
      expect(JSON.stringify(error.details)).not.toContain(API_KEY);
      expect(JSON.stringify(error.details)).not.toContain(HEADER_VALUE);
    }
    expect((await listAutomations(deps())).total).toBe(0);
  });

  it('refuses to store a credential without a key, and accepts an allowed api_key_env', async () => {
    const error = await rejectionAs(
      createAutomation(deps({ box: undefined as unknown as SecretBox, keyEnvNames: [] }), {
        name: 'no key',
        config: { api_key: API_KEY },
      }),
      ValidationError,
    );
    expect(error.details).toEqual([
      { field: 'config.api_key', message: expect.stringMatching(/TFBENCH_SECRET_KEY/) },
    ]);

    const byEnv = await createAutomation(deps(), {
      name: 'by env',
      config: { api_key_env: 'OPENAI_API_KEY' },
    });
    expect(byEnv.config).toMatchObject({ api_key_env: 'OPENAI_API_KEY', api_key_set: false });
    const row = await storedRow(byEnv.id);
    expect(openAutomationCredentials(row, { box, keyEnv: { values: { OPENAI_API_KEY: 'sk-env' } } })).toEqual(
      {
        api_key: 'sk-env',
      },
    );
    expect(() => openAutomationCredentials(row, { box, keyEnv: { values: {} } })).toThrow(
      CredentialsUnavailableError,
    );
  });

  it('does not open an envelope that was altered, moved to another automation, or sealed with another key', async () => {
    const first = await createWithCredentials();
    const second = await createAutomation(deps(), { name: 'other', config: { api_key: 'sk-other' } });
    const firstRow = await storedRow(first.id);
    // Someone with write access to the table copies the first key into the second automation.
    await getDb()
      .db.update(automations)
      .set({ secrets: { api_key: firstRow.secrets.api_key as string } })
      .where(eq(automations.id, second.id));
    expect(() => openAutomationCredentials({ ...firstRow, id: second.id }, { box })).toThrow(
      /config\.api_key cannot be decrypted: .*integrity check/,
    );
    const tampered = { ...firstRow, secrets: { api_key: `${firstRow.secrets.api_key?.slice(0, -2)}AA` } };
    expect(() => openAutomationCredentials(tampered, { box })).toThrow(CredentialsUnavailableError);
    expect(() => openAutomationCredentials(firstRow, { box: newSecretBox() })).toThrow(/sealed with key/);
    expect(() => openAutomationCredentials(firstRow, { box: undefined })).toThrow(/no TFBENCH_SECRET_KEY/);
  });

  it('rotates every envelope to the new key in one go, and changes nothing when one does not open', async () => {
    const { id } = await createWithCredentials();
    const other = await createAutomation(deps(), { name: 'second', config: { api_key: 'sk-second' } });
    await createAutomation(deps(), { name: 'none' });
    const next = newSecretBox().current;

    const wrongOld = newSecretBox().current;
    const before = (await getDb().db.select().from(automations)).map((r) => r.secrets);
    await expect(resealCredentials(getDb().db, new SecretBox(next, [wrongOld]))).rejects.toThrow(ResealError);
    expect((await getDb().db.select().from(automations)).map((r) => r.secrets)).toEqual(before);

    const report = await resealCredentials(getDb().db, new SecretBox(next, [box.current]));
    expect(report).toEqual({ automations: 2, resealed: 4, sealed_from_plaintext: 0 });
    const rotated = new SecretBox(next);
    expect(openAutomationCredentials(await storedRow(id), { box: rotated })?.api_key).toBe(API_KEY);
    expect(openAutomationCredentials(await storedRow(other.id), { box: rotated })?.api_key).toBe('sk-second');
    const rotatedRow = await storedRow(id);
    expect(() => openAutomationCredentials(rotatedRow, { box })).toThrow(/sealed with key/);
    // Again: nothing left to do.
    expect(await resealCredentials(getDb().db, new SecretBox(next, [box.current]))).toEqual({
      automations: 0,
      resealed: 0,
      sealed_from_plaintext: 0,
    });
  });

  it('seals credentials an older version left in plain text in config, and never shows them meanwhile', async () => {
    const [legacy] = await getDb()
      .db.insert(automations)
      .values({
        name: 'legacy',
        config: { mode: 'sse', api_key: API_KEY, headers: { 'X-Org': HEADER_VALUE } },
      })
      .returning();
    const shown = await getAutomation(deps(), legacy?.id as number);
    expect(shown.config).toEqual({ mode: 'sse', api_key_set: true, headers_set: ['X-Org'] });
    expect(JSON.stringify(shown)).not.toContain(API_KEY);

    const report = await resealCredentials(getDb().db, box, { plaintextOnly: true });
    expect(report).toEqual({ automations: 1, resealed: 0, sealed_from_plaintext: 2 });
    const row = await storedRow(legacy?.id as number);
    expect(row.config).toEqual({ mode: 'sse' });
    expect(openAutomationCredentials(row, { box })).toEqual({
      api_key: API_KEY,
      headers: { 'x-org': HEADER_VALUE },
    });
  });
});
