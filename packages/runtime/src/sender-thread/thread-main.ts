/**
 * The sender thread: hosts the providers (opened by the same factories as on the main
 * thread) and executes runs for the main thread, on an event loop that does nothing else.
 * Its timers (the wait for a send instant, the run's budgets) fire on time and its events are
 * stamped when their bytes arrive, whatever the main loop is busy with; while it holds runs
 * for their instants, its raised priority (thread-priority.ts) keeps the kernel from making
 * it wait for a core behind busier threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Provider, RunOutcome } from '@tfbench/domain/provider';
import { createLogger } from '../logger.js';
import { openProviders } from '../providers.js';
import { ResourceScope } from '../resource-scope.js';
import {
  epochMinusMonotonicMs,
  type FromThread,
  type RunReport,
  type SenderThreadSettings,
  type ToThread,
} from './protocol.js';
import { SendInstantPriority } from './thread-priority.js';

/** How long closing waits for aborted runs to settle (their upstream cancels) before closing the clients. */
const CLOSE_SETTLE_MS = 5_000;

const port =
  parentPort ??
  (() => {
    throw new Error('the sender thread runs in a worker thread');
  })();
const settings = workerData as SenderThreadSettings;
// Its lines go through the main logger: one destination and one redaction for the process.
const logger = createLogger(
  { ...settings.config, logLevel: settings.logLevel as SenderThreadSettings['config']['logLevel'] },
  'tfbench-sender',
  { write: (line: string) => port.postMessage({ type: 'log', line } satisfies FromThread) },
);
// Raised while runs wait for their send instants (see thread-priority.ts).
const priority = new SendInstantPriority(settings.config.engine.senderThreadNice, (refusal) =>
  logger.info(
    { nice: refusal.nice, reason: refusal.reason },
    'the sender thread keeps the process priority: open arrivals may be sent later under load',
  ),
);
const scope = new ResourceScope(logger);
const { providers } = await openProviders(settings.config, scope, logger, settings.runningMocks);
const inFlight = new Map<number, { controller: AbortController; done: Promise<void> }>();

const post = (message: FromThread): void => port.postMessage(message);

/** Reports of this turn of the loop, sent together at its end (see `reports` in protocol.ts). */
let outbox: RunReport[] = [];
const flush = (): void => {
  if (outbox.length === 0) return;
  post({ type: 'reports', reports: outbox });
  outbox = [];
};
const report = (message: RunReport): void => {
  if (outbox.length === 0) setImmediate(flush);
  outbox.push(message);
};

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'execute':
      execute(message.id, providers[message.provider], message.request);
      return;
    case 'abort':
      inFlight.get(message.id)?.controller.abort();
      return;
    case 'close':
      void close();
      return;
  }
});
post({ type: 'ready', epochMinusMonotonicMs: epochMinusMonotonicMs() });

function execute(
  id: number,
  provider: Provider | undefined,
  request: Extract<ToThread, { type: 'execute' }>['request'],
): void {
  if (provider === undefined) throw new Error('the sender thread was asked for a provider it does not host');
  const controller = new AbortController();
  // An open arrival: the thread is raised from now until the run ends (the wait for its
  // instant, its send and its stream).
  const releasePriority = request.sendAt === undefined ? () => {} : priority.hold();
  const done = provider
    .execute({
      ...request,
      signal: controller.signal,
      onEvent: (event) => report({ type: 'event', id, event }),
      onUpstreamIdentity: (identity) => report({ type: 'identity', id, identity }),
    })
    .then(
      (outcome: RunOutcome) => report({ type: 'outcome', id, outcome }),
      (error: unknown) =>
        report({ type: 'rejected', id, message: String((error as Error)?.message ?? error) }),
    )
    .finally(() => {
      releasePriority();
      inFlight.delete(id);
    });
  inFlight.set(id, { controller, done });
}

async function close(): Promise<void> {
  const settling = [...inFlight.values()].map(({ controller, done }) => {
    controller.abort();
    return done.catch(() => undefined);
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(settling),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_SETTLE_MS);
    }),
  ]);
  clearTimeout(timer);
  await scope.close();
  flush();
  post({ type: 'closed' });
  // Nothing is left to keep the thread's loop alive: it exits.
  port.close();
}
