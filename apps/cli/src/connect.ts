/**
 * The server a command talks to: the one given with --server (the key from TFBENCH_API_KEY),
 * or one started in this process on embedded PGlite (in --data DIR, or a temporary folder).
 * Either way the command holds an API client and closes what it started.
 */
import path from 'node:path';
import { ApiClient } from './api-client.js';
import type { CliIo } from './io.js';
import type { LocalServer } from './local-server.js';
import { SILENT_TRACE, type StartupTrace } from './startup-trace.js';

export interface Connection {
  client: ApiClient;
  /** The in-process server, when there is one. */
  local: LocalServer | undefined;
  close(): Promise<void>;
}

export async function connect(
  options: { server: string | undefined; dataDir: string | undefined },
  io: CliIo,
  trace: StartupTrace = SILENT_TRACE,
): Promise<Connection> {
  if (options.server) {
    const client = new ApiClient({ baseUrl: options.server, apiKey: io.env.TFBENCH_API_KEY || undefined });
    return { client, local: undefined, close: async () => {} };
  }
  io.stderr.write('tfbench: starting a standalone server (embedded PGlite, in-process queue)\n');
  // Loaded only here: the API and the runtime are most of a command's start-up time, and
  // --help, compare, runs tail and --server need neither.
  const { startLocalServer } = await import('./local-server.js');
  trace.mark('server modules loaded');
  const local = await startLocalServer({
    trace,
    dataDir: options.dataDir && path.resolve(io.cwd, options.dataDir),
    env: io.env,
  });
  return { client: new ApiClient({ baseUrl: local.baseUrl }), local, close: () => local.close() };
}
