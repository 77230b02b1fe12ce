/**
 * Logs never carry request bodies: a secret sent in a body does not reach any log line, at
 * the most verbose level, whether the request succeeds, is rejected or meets a dead database.
 */
import { Writable } from 'node:stream';
import { IN_MEMORY_PGLITE, migrate, openDatabase } from '@tfbench/core/db';
import { expect, it } from 'vitest';
import { describeForLog } from '../src/http/error-handler.js';
import { buildApp } from '../src/index.js';
import { postJson, testConfig } from './helpers.js';

const SECRET = 'sk-live-0123456789abcdef';

it('keeps secrets sent in bodies out of the logs', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const db = await openDatabase({ kind: 'pglite', dataDir: IN_MEMORY_PGLITE });
  await migrate(db);
  const app = await buildApp({ config: testConfig, db, logger: { level: 'trace', stream } });
  try {
    const body = { name: 'with a key', config: { api_key: SECRET }, default_inputs: { token: SECRET } };
    expect((await postJson(app, '/api/v1/automations', body)).statusCode).toBe(201);
    expect((await postJson(app, '/api/v1/automations', { ...body, name: 42 })).statusCode).toBe(400);
    expect((await postJson(app, '/api/v1/automations', `{"name": "${SECRET}`)).statusCode).toBe(400);
    await db.close();
    expect((await postJson(app, '/api/v1/automations', body)).statusCode).toBe(503);
  } finally {
    await app.close();
    await db.close();
  }
  const log = lines.join('');
  // The log is there (requests, the 400s and the 503 were logged) ...
  expect(log).toContain('"statusCode":201');
  expect(log).toContain('VALIDATION_ERROR');
  expect(log).toContain('SERVICE_UNAVAILABLE');
  // ... and the secret is not.
  expect(log).not.toContain(SECRET);
});

it('withholds the parameters Drizzle puts in the message of a failed query', () => {
  const driverError = Object.assign(new Error('relation "x" does not exist'), { code: '42P01' });
  const wrapped = new Error(`Failed query: insert into "automations" values ($1)\nparams: ${SECRET}`, {
    cause: driverError,
  });
  const described = describeForLog(wrapped);
  expect(JSON.stringify(described)).not.toContain(SECRET);
  expect(described).toMatchObject({
    message: 'Failed query (parameters withheld)',
    cause: { code: '42P01', message: 'relation "x" does not exist' },
  });
});
