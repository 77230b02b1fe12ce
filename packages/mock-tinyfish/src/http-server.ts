import type { Server, ServerResponse } from 'node:http';

/**
 * Listening and closing, shared by the mock servers. The backlog is deep because a load test
 * opening a thousand streams at once must not see its SYNs dropped.
 */
export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Stops accepting, gives the open responses `graceMs` to finish, then calls `stopAll` (which
 * ends what the server itself still holds open) and destroys every remaining connection.
 */
export async function closeWithGrace(
  server: Server,
  openResponses: Set<ServerResponse>,
  graceMs: number,
  stopAll: () => void,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if (graceMs > 0 && openResponses.size > 0) {
    await new Promise<void>((resolve) => {
      const finish = () => {
        clearInterval(poll);
        clearTimeout(deadline);
        resolve();
      };
      const deadline = setTimeout(finish, graceMs);
      const poll = setInterval(() => {
        if (openResponses.size === 0) finish();
      }, 20);
    });
  }
  stopAll();
  server.closeAllConnections();
  await closed;
}
