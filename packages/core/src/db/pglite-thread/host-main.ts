/**
 * The thread that hosts the embedded database: PGlite (Postgres compiled to WASM) runs every
 * statement on the thread that calls it, so on the main thread it competed with the API and
 * the run engine for one core. Here it has a thread of its own, and answers the main
 * thread's ThreadedPGlite over messages. PGlite's own lock orders the statements: a
 * statement outside a transaction waits for the open transaction to end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import {
  carryError,
  type FromHost,
  type HostSettings,
  type QueryShape,
  TEXT_TIME_TYPES,
  type ToHost,
} from './protocol.js';

const port =
  parentPort ??
  (() => {
    throw new Error('the PGlite host runs in a worker thread');
  })();
const settings = workerData as HostSettings;
const post = (message: FromHost): void => port.postMessage(message);

const asText = (value: string) => value;
const TEXT_TIMES = Object.fromEntries(TEXT_TIME_TYPES.map((type) => [type, asText]));

/** Thrown from a transaction's callback to have PGlite roll it back. */
const ROLLBACK = Symbol('rollback');

interface OpenTransaction {
  tx: Transaction;
  end(commit: boolean): void;
  /** Settles when PGlite has committed or rolled back. */
  done: Promise<void>;
}

let database: PGlite;
try {
  database = new PGlite({
    dataDir: settings.dataDir,
    loadDataDir: settings.tarball ? new Blob([settings.tarball]) : undefined,
  });
  await database.waitReady;
} catch (error) {
  post({ kind: 'failed-to-open', error: carryError(error) });
  port.close();
  throw error;
}
post({ kind: 'ready' });

const transactions = new Map<number, OpenTransaction>();
let lastTransaction = 0;

port.on('message', (message: ToHost) => {
  answer(message).then(
    (value) => post({ kind: 'answer', id: message.id, value }),
    (error: unknown) => post({ kind: 'error', id: message.id, error: carryError(error) }),
  );
});

async function answer(message: ToHost): Promise<unknown> {
  switch (message.op) {
    case 'query':
      return executorOf(message.tx).query(message.sql, message.params, optionsOf(message.shape));
    case 'exec':
      return executorOf(message.tx).exec(message.sql);
    case 'begin':
      return begin();
    case 'end':
      return end(message.tx, message.commit);
    case 'close':
      await database.close();
      setImmediate(() => port.close());
      return null;
  }
}

function executorOf(tx: number | undefined): PGlite | Transaction {
  if (tx === undefined) return database;
  const open = transactions.get(tx);
  if (!open) throw new Error(`transaction ${tx} is not open`);
  return open.tx;
}

function optionsOf(shape: QueryShape) {
  return { rowMode: shape.rowMode, parsers: shape.textTimes ? TEXT_TIMES : undefined };
}

/** Opens a transaction once PGlite's lock is ours, and answers its number. */
function begin(): Promise<number> {
  const id = ++lastTransaction;
  return new Promise<number>((begun, failed) => {
    let end!: (commit: boolean) => void;
    const ended = new Promise<boolean>((resolve) => {
      end = resolve;
    });
    const done = database
      .transaction(async (tx) => {
        transactions.set(id, { tx, end, done });
        begun(id);
        if (!(await ended)) throw ROLLBACK;
      })
      .catch((error: unknown) => {
        if (error !== ROLLBACK) throw error;
      })
      .finally(() => transactions.delete(id));
    // A BEGIN that fails never reached the callback: the caller learns it here.
    done.catch(failed);
  });
}

async function end(id: number, commit: boolean): Promise<null> {
  const open = transactions.get(id);
  if (!open) throw new Error(`transaction ${id} is not open`);
  open.end(commit);
  await open.done;
  return null;
}
