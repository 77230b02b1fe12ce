/**
 * `npm run secrets:rotate`, run as a user would, on a PGlite data folder and on a PostgreSQL
 * database; and the key the embedded default generates into its data folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { type DatabaseConfig, IN_MEMORY_PGLITE, migrate, openDatabase } from '../src/db/index.js';
import { automations } from '../src/db/schema.js';
import {
  openAutomationCredentials,
  openSecretBox,
  parseSecretKey,
  SECRET_KEY_FILE,
  SecretBox,
} from '../src/secrets/index.js';
import { createAutomation } from '../src/services/index.js';
import { type CreatedDatabase, createTestDatabaseUrl, requirePostgres } from '../src/testing/index.js';
import { runCli } from './run-cli.js';

const API_KEY = 'sk-rotate-DO-NOT-LEAK-0b7e';
const rotate = (env: Record<string, string>, args: string[]) =>
  runCli('packages/core/src/secrets/rotate-cli.ts', args, env);

/** Store two automations with credentials sealed by `oldKey`, then close the database. */
async function seedWith(database: DatabaseConfig, oldKey: string): Promise<void> {
  const handle = await openDatabase(database);
  try {
    await migrate(handle);
    const box = new SecretBox(parseSecretKey(oldKey));
    await createAutomation({ db: handle, credentials: { box } }, { name: 'a', config: { api_key: API_KEY } });
    await createAutomation(
      { db: handle, credentials: { box } },
      { name: 'b', config: { headers: { 'x-org': 'org-value-secret' } } },
    );
  } finally {
    await handle.close();
  }
}

async function credentialsWith(database: DatabaseConfig, key: string) {
  const handle = await openDatabase(database);
  try {
    const box = new SecretBox(parseSecretKey(key));
    const rows = await handle.db.select().from(automations).orderBy(automations.id);
    return rows.map((row) => openAutomationCredentials(row, { box }));
  } finally {
    await handle.close();
  }
}

describe('npm run secrets:rotate', () => {
  let dir: string;
  let postgres: CreatedDatabase | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tfbench-rotate-'));
    if (await requirePostgres()) postgres = await createTestDatabaseUrl();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await postgres?.drop();
  });

  const backends: Array<
    [string, () => { env: Record<string, string>; database: DatabaseConfig } | undefined]
  > = [
    [
      'pglite',
      () => {
        const dataDir = path.join(dir, 'data');
        return { env: { TFBENCH_DATA_DIR: dataDir }, database: { kind: 'pglite', dataDir } };
      },
    ],
    [
      'postgres',
      () =>
        postgres && {
          env: { DATABASE_URL: postgres.url },
          database: { kind: 'postgres', url: postgres.url },
        },
    ],
  ];

  for (const [backend, target] of backends) {
    it(`re-encrypts everything with the new key, all or nothing (${backend})`, async (context) => {
      const found = target();
      if (!found) return context.skip();
      const { env, database } = found;
      const oldKey = randomBytes(32).toString('hex');
      const newKey = randomBytes(32).toString('base64');
      await seedWith(database, oldKey);
      const oldKeyFile = path.join(dir, `old-key-${backend}`);
      await writeFile(oldKeyFile, `${oldKey}\n`, { mode: 0o600 });

      // The wrong old key: nothing changes, one line says which envelope did not open.
      const wrong = await rotate({ ...env, TFBENCH_SECRET_KEY: newKey }, [
        '--from-key',
        randomBytes(32).toString('hex'),
      ]);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
      expect(wrong.stderr).toMatch(/^secrets:rotate failed: automation 1 config\.api_key: sealed with key/);
      expect((await credentialsWith(database, oldKey))[0]).toEqual({ api_key: API_KEY });

      const done = await rotate({ ...env, TFBENCH_SECRET_KEY: newKey }, ['--from-key-file', oldKeyFile]);
      expect(done).toMatchObject({ code: 0, stderr: '' });
      expect(done.stdout).toContain('re-encrypted 2 value(s)');
      expect(done.stdout).not.toContain(API_KEY);
      expect(await credentialsWith(database, newKey)).toEqual([
        { api_key: API_KEY },
        { headers: { 'x-org': 'org-value-secret' } },
      ]);
      await expect(credentialsWith(database, oldKey)).rejects.toThrow(/sealed with key/);

      // Twice is harmless: nothing is left under the old key.
      const again = await rotate({ ...env, TFBENCH_SECRET_KEY: newKey, OLD: oldKey }, [
        '--from-key-env',
        'OLD',
      ]);
      expect(again.stdout).toContain('re-encrypted 0 value(s)');
      // Three processes, each starting tsx and opening the database: slow on a loaded machine.
    }, 180_000);
  }

  it('needs the new key and exactly one old key', async () => {
    const env = { TFBENCH_DATA_DIR: path.join(dir, 'unused') };
    const noNew = await rotate(env, ['--from-key', randomBytes(32).toString('hex')]);
    expect(noNew.stderr).toMatch(/TFBENCH_SECRET_KEY must hold the new key/);
    const noOld = await rotate({ ...env, TFBENCH_SECRET_KEY: randomBytes(32).toString('hex') }, []);
    expect(noOld.stderr).toMatch(/give the old key exactly once/);
    expect(noOld.code).toBe(1);
  }, 120_000);
});

describe('the key on the embedded default', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tfbench-key-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is generated once into the data folder with mode 0600, reused, and never logged', async () => {
    const lines: string[] = [];
    const logger = {
      info: (fields: object, message: string) => lines.push(JSON.stringify({ ...fields, message })),
      warn: (m: string) => lines.push(m),
    };
    const dataDir = path.join(dir, 'data');
    const config = loadConfig({ TFBENCH_DATA_DIR: dataDir });
    const first = openSecretBox(config, logger);
    const file = path.join(dataDir, SECRET_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = (await readFile(file, 'utf8')).trim();
    expect(text).toMatch(/^[0-9a-f]{64}$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).not.toContain(text);

    const second = openSecretBox(config, logger);
    expect(second?.current.id).toBe(first?.current.id);
    expect(second?.open(first?.seal('x', 'c') ?? '', 'c')).toBe('x');
    expect(lines).toHaveLength(1);
  });

  it('comes from TFBENCH_SECRET_KEY when set, and is absent on PostgreSQL without it', () => {
    const warnings: string[] = [];
    const logger = { info: () => undefined, warn: (m: string) => warnings.push(m) };
    const key = randomBytes(32).toString('hex');
    const fromEnv = openSecretBox(
      loadConfig({ TFBENCH_DATA_DIR: path.join(dir, 'env'), TFBENCH_SECRET_KEY: key }),
      logger,
    );
    expect(fromEnv?.current.id).toBe(parseSecretKey(key).id);
    const memory = openSecretBox(
      { ...loadConfig({}), database: { kind: 'pglite', dataDir: IN_MEMORY_PGLITE } },
      logger,
    );
    expect(memory).toBeDefined();
    expect(openSecretBox(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/x' }), logger)).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('TFBENCH_SECRET_KEY is unset')]);
  });
});
