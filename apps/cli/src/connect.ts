/**
 * The server a command talks to: the one at --server (with the key in TFBENCH_API_KEY), or one
 * started in this process on the standalone data folder. Either way through the same client.
 */
import path from 'node:path';
import { ApiClient } from './api-client.js';
import type { CliIo } from './io.js';
import { type LocalServer, startLocalServer } from './local-server.js';

export interface Connection {
  client: ApiClient;
  /** The in-process server, to close when done; undefined with --server. */
  local: LocalServer | undefined;
}

export async function connect(
  where: { server: string | undefined; dataDir: string | undefined },
  io: CliIo,
): Promise<Connection> {
  if (where.server) {
    return {
      client: new ApiClient({ baseUrl: where.server, apiKey: io.env.TFBENCH_API_KEY || undefined }),
      local: undefined,
    };
  }
  const local = await startLocalServer({
    dataDir: where.dataDir && path.resolve(io.cwd, where.dataDir),
    env: io.env,
  });
  return { client: new ApiClient({ baseUrl: local.baseUrl }), local };
}
