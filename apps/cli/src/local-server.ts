/**
 * A tfbench server inside this process, for standalone runs: the same runtime and API that
 * `npm start` opens, on embedded PGlite (in a data folder, or in memory), with the in-process
 * queue, the embedded worker, and the mock TinyFish unless TINYFISH_API_KEY is set. It listens
 * on an ephemeral loopback port so the CLI drives it through the same HTTP client as a remote
 * one.
 */
import { buildApp } from '@tfbench/api';
import { type Config, ConfigError, loadConfig } from '@tfbench/core/config';
import { IN_MEMORY_PGLITE } from '@tfbench/core/db';
import { createRuntime } from '@tfbench/runtime';
import { CliError } from './errors.js';
import { SILENT_TRACE, type StartupTrace } from './startup-trace.js';

export interface LocalServer {
  baseUrl: string;
  /** Whether runs go to the built-in mock TinyFish. */
  mockMode: boolean;
  /** The database's folder, or `memory://` for the temporary one. */
  dataDir: string;
  close(): Promise<void>;
}

export interface LocalServerOptions {
  /**
   * Keep the database here; default a temporary database in memory, gone on close (it opens
   * from the migrated template without writing a folder of files first).
   */
  dataDir?: string;
  /** The environment the configuration is read from (TINYFISH_*, LOG_LEVEL, ...). */
  env: Record<string, string | undefined>;
  /**
   * Variables set over `env` and the standalone defaults: a test starts a server with auth on
   * and a bootstrap key this way.
   */
  overrides?: Record<string, string>;
  /** Marks the start-up steps (see ./startup-trace.ts). */
  trace?: StartupTrace;
}

/** Variables of a server deployment that would take a standalone run elsewhere. */
const IGNORED = ['DATABASE_URL', 'REDIS_URL', 'EMBEDDED_WORKER', 'API_URL'];

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const env: Record<string, string | undefined> = { ...options.env };
  for (const name of IGNORED) delete env[name];
  Object.assign(env, {
    // Replaced by the in-memory database below when there is no folder.
    TFBENCH_DATA_DIR: options.dataDir ?? '.',
    API_HOST: '127.0.0.1',
    // Loopback only, and nobody else knows the port: no accounts needed.
    TFBENCH_AUTH: 'off',
    // The server's own logs would mix with the results on stdout.
    LOG_LEVEL: 'silent',
    ...options.overrides,
  });
  const config = inMemoryUnless(options.dataDir, readConfig(env));
  const trace = options.trace ?? SILENT_TRACE;
  const runtime = await createRuntime(config, { role: 'all' });
  trace.mark('runtime started');
  try {
    const app = await buildApp({ config, db: runtime.db, engine: runtime.engine, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    trace.mark('API listening');
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('the API has no address');
    return {
      baseUrl: `http://127.0.0.1:${address.port}`,
      mockMode: config.tinyfish.mockMode,
      dataDir: config.database.kind === 'pglite' ? config.database.dataDir : IN_MEMORY_PGLITE,
      close: async () => {
        await app.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

function inMemoryUnless(dataDir: string | undefined, config: Config): Config {
  if (dataDir !== undefined || config.database.kind !== 'pglite') return config;
  return { ...config, database: { ...config.database, dataDir: IN_MEMORY_PGLITE } };
}

function readConfig(env: Record<string, string | undefined>) {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CliError(`invalid configuration for a standalone run:\n${error.message}`);
    throw error;
  }
}
