/**
 * A tfbench server started here the way `npm start` starts it (runtime and app, PGlite in a
 * temporary folder, mock TinyFish), with authentication on and a bootstrap admin API key.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '@tfbench/api';
import { loadConfig } from '@tfbench/core/config';
import { createRuntime, type Runtime } from '@tfbench/runtime';
import { TEST_CREDENTIALS } from '@tfbench/testbed';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';

export interface TestServer {
  url: string;
  /** Headers with the bootstrap key, for the test's own requests. */
  headers: Record<string, string>;
}

/** A server for the test file: started before its tests, closed after them. */
export function useTestServer(): () => TestServer {
  let runtime: Runtime | undefined;
  let app: FastifyInstance | undefined;
  let dataDir: string | undefined;
  let url = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tfbench-cli-server-'));
    const config = loadConfig({
      TINYFISH_MOCK_MODE: 'true',
      LOG_LEVEL: 'silent',
      TFBENCH_AUTH: 'on',
      TFBENCH_DATA_DIR: dataDir,
      API_HOST: '127.0.0.1',
      TFBENCH_BOOTSTRAP_API_KEY: TEST_CREDENTIALS.apiKey,
    });
    runtime = await createRuntime(config, { role: 'all' });
    app = await buildApp({ config, db: runtime.db, engine: runtime.engine, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    url = `http://127.0.0.1:${address.port}`;
    // A fresh PGlite database takes tens of seconds on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!url) throw new Error('the server is not started yet');
    return { url, headers: { authorization: `Bearer ${TEST_CREDENTIALS.apiKey}` } };
  };
}
