/**
 * The embedded database on a thread of its own (host-main.ts), seen from the main thread as
 * the part of PGlite's interface that Drizzle's PGlite driver and tfbench use: `query`,
 * `exec`, `transaction` and `close`.
 *
 * PGlite runs each statement on the thread that calls it. On the main thread that was most
 * of the embedded default's CPU (a profile of the run engine's saturated closed loop: 61 %
 * PGlite, 13 % the engine itself), and it held the API, the engine and their timers for the
 * length of every statement. On its own thread the database and the rest use two cores, and
 * the main thread only hands over text and parameters and receives rows.
 */
import type { Worker } from 'node:worker_threads';
import type { QueryOptions, Results, Transaction } from '@electric-sql/pglite';
import { spawnModuleThread } from '../../threads/index.js';
import {
  type CarriedError,
  type FromHost,
  type HostSettings,
  restoredError,
  TEXT_TIME_TYPES,
  type ToHost,
} from './protocol.js';

type Request = ToHost extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class ThreadedPGlite {
  private readonly pending = new Map<number, Pending>();
  private lastId = 0;
  /** Set when the thread is gone: every later call fails with it. */
  private stopped: Error | null = null;

  private constructor(private readonly thread: Worker) {
    thread.on('message', (message: FromHost) => this.settle(message));
    thread.on('error', (error) => this.stop(error));
    thread.on('exit', (code) => this.stop(new Error(`PGlite is closed: its thread exited (code ${code})`)));
    // Idle, the thread does not keep the process alive; a pending call does (see `call`).
    thread.unref();
  }

  /**
   * Start the thread and open the database in `dataDir` (in memory when undefined), from
   * the dumped database `tarball` when given; rejects with PGlite's error when it cannot.
   */
  static async open(dataDir: string | undefined, tarball?: Blob): Promise<ThreadedPGlite> {
    const bytes = tarball ? await tarball.arrayBuffer() : undefined;
    const settings: HostSettings = { dataDir, tarball: bytes };
    const thread = spawnModuleThread(
      { here: import.meta.url, source: './host-main.ts', bundled: './pglite-thread.js' },
      { workerData: settings, transferList: bytes ? [bytes] : [] },
    );
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromHost) => {
        if (message.kind === 'ready') done(null);
        else if (message.kind === 'failed-to-open') done(restoredError(message.error));
      };
      const onError = (error: Error) => done(error);
      const onExit = (code: number) => done(new Error(`PGlite is closed: its thread exited (code ${code})`));
      const done = (error: Error | null) => {
        thread.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (error) {
          void thread.terminate();
          reject(error);
        } else resolve();
      };
      thread.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
    return new ThreadedPGlite(thread);
  }

  async query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.call({ op: 'query', tx: undefined, sql, params, shape: shapeOf(options) }) as Promise<
      Results<T>
    >;
  }

  exec(sql: string): Promise<Array<Results>> {
    return this.call({ op: 'exec', tx: undefined, sql }) as Promise<Array<Results>>;
  }

  /**
   * Runs `callback` in a transaction: committed when it resolves, rolled back when it throws
   * (or calls `rollback`). Statements of others wait until it ends, as on PGlite itself.
   */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const tx = (await this.call({ op: 'begin' })) as number;
    let closed = false;
    const end = async (commit: boolean) => {
      if (closed) return;
      closed = true;
      await this.call({ op: 'end', tx, commit });
    };
    const handle: Transaction = {
      query: async <R>(sql: string, params: unknown[] = [], options?: QueryOptions) =>
        this.call({ op: 'query', tx, sql, params, shape: shapeOf(options) }) as Promise<Results<R>>,
      sql: () => {
        throw new Error('tagged-template queries are not offered by the threaded database');
      },
      exec: (sql: string) => this.call({ op: 'exec', tx, sql }) as Promise<Array<Results>>,
      rollback: () => end(false),
      listen: () => {
        throw new Error('LISTEN is not offered by the threaded database');
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await callback(handle);
    } catch (error) {
      await end(false).catch(() => {});
      throw error;
    }
    await end(true);
    return result;
  }

  /** Closes the database, then the thread; later calls fail. */
  async close(): Promise<void> {
    if (this.stopped) return;
    await this.call({ op: 'close' });
    this.stop(new Error('PGlite is closed'));
    await this.thread.terminate();
  }

  private call(request: Request): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = ++this.lastId;
    if (this.pending.size === 0) this.thread.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.thread.postMessage({ ...request, id } as ToHost);
    });
  }

  private settle(message: FromHost): void {
    if (message.kind !== 'answer' && message.kind !== 'error') return;
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.thread.unref();
    if (message.kind === 'answer') waiting.resolve(message.value);
    else waiting.reject(restoredError(message.error as CarriedError));
  }

  private stop(error: Error): void {
    if (this.stopped) return;
    this.stopped = error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

const TEXT_TIMES = new Set<number>(TEXT_TIME_TYPES);

/**
 * What the host must do with the rows. Parsers are functions and cannot cross threads: the
 * only ones accepted are those keeping date and time types as text (Drizzle's).
 */
function shapeOf(options: QueryOptions | undefined) {
  const parsers = Object.keys(options?.parsers ?? {}).map(Number);
  const unknown = parsers.filter((type) => !TEXT_TIMES.has(type));
  if (unknown.length > 0) {
    throw new Error(`the threaded database cannot apply parsers for types ${unknown.join(', ')}`);
  }
  return { rowMode: options?.rowMode, textTimes: parsers.length > 0 };
}
