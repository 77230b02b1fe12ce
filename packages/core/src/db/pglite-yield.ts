/**
 * PGlite that lets the event loop run between its answers.
 *
 * PGlite is Postgres compiled to WASM, running on the thread that calls it, and it answers
 * every query in a promise continuation. When many callers queue queries (the embedded
 * default runs the API and up to `WORKER_CONCURRENCY` runs in one process), their chains
 * resolve back to back in one microtask drain, and timers and socket callbacks wait until the
 * whole queue is answered. On the embedded run-engine bench (200 runs in flight) that drain
 * reached seconds: the TinyFish client then stamped events seconds after they arrived, so
 * `total_duration_ms` and `ttft_ms` were inflated, and idle keep-alive sockets outlived the
 * server's keep-alive timeout (ECONNRESET). See docs/performance.md, "Run engine throughput",
 * Why point 3 and Proposal 2.
 *
 * So every query, exec and transaction, and every statement inside a transaction, first waits
 * for the macrotask queue (`setImmediate`) once statements have run back to back for
 * YIELD_EVERY_MS: pending timers and I/O callbacks run before the database answers the next
 * statement, and a timer waits at most that long plus the statement running when it fell due.
 * The queueing moves from the measured client's path to the database's callers. A turn before
 * every statement cost more: each statement waited behind the callbacks due at that moment,
 * and a transaction held PGlite's lock through those waits (docs/performance.md).
 *
 * The yield comes after the statement's turn, not before it: statements wait for each other
 * in a queue of our own, and each one that reaches the front yields first. A yield before
 * PGlite's own lock would not do: callers that queue on that lock together pass their yields
 * in the same event-loop turn, and the lock then hands it from one to the next in promise
 * continuations, so a backlog of statements would still run back to back (on the embedded
 * engine bench, 60 runs/s, timers then fired up to 100 ms late).
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import { PreparedStatements } from './pglite-statements.js';

/**
 * A `PGlite` whose public query entry points (the ones the Drizzle driver calls: `query`,
 * `transaction` and, inside a transaction, the transaction's `query`) yield to the event loop
 * first, and run plain reads and writes as statements prepared once (pglite-statements.ts).
 * Everything else is PGlite's own.
 *
 * @example
 * const client = await YieldingPGlite.open('memory://');
 * const db = drizzle({ client, schema });
 */
export class YieldingPGlite extends PGlite {
  /** Settles when the last statement (or transaction) handed to this client has. */
  private last: Promise<unknown> = Promise.resolve();
  private readonly turns = new TurnBudget();
  private readonly statements = new PreparedStatements(this);

  /**
   * Create and wait until ready, like `PGlite.create(dataDir)`; from the tarball of a dumped
   * database (`dumpDataDir`) when `loadDataDir` is given.
   */
  static async open(dataDir?: string, loadDataDir?: Blob): Promise<YieldingPGlite> {
    const client = new YieldingPGlite({ dataDir, loadDataDir });
    await client.waitReady;
    return client;
  }

  override query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    if (!this.statements.serves(query, options)) {
      return this.inTurn(() =>
        this.statements.unprepared(query, () => super.query<T>(query, params, options)),
      );
    }
    return this.inTurn(async () => {
      // As PGlite's own query: a closed instance answers "PGlite is closed".
      await this._checkReady();
      return this._runExclusiveTransaction(() =>
        this._runExclusiveQuery(() => this.statements.run<T>(query, params ?? [], options, false)),
      );
    });
  }

  override exec(query: string, options?: QueryOptions): Promise<Array<Results>> {
    return this.inTurn(() => this.statements.unprepared(query, () => super.exec(query, options)));
  }

  override transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.inTurn(() =>
      super.transaction((tx) => callback(yieldingTransaction(this, tx, this.statements, this.turns))),
    );
  }

  /** Run `work` once everything handed over before it has settled, after one event-loop turn. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.last.then(async () => {
      await this.turns.yieldIfDue();
      return work();
    });
    this.last = turn.catch(() => undefined);
    return turn;
  }
}

/**
 * The transaction PGlite hands to the callback, with the same yield before each statement.
 * PGlite's transaction holds its lock for the whole callback, so a yield here lets timers and
 * sockets run between the statements of one transaction without letting another query in.
 */
function yieldingTransaction(
  pg: PGlite,
  tx: Transaction,
  statements: PreparedStatements,
  turns: TurnBudget,
): Transaction {
  return {
    query: async <T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> => {
      await turns.yieldIfDue();
      if (!statements.serves(query, options))
        return statements.unprepared(query, () => tx.query<T>(query, params, options));
      if (tx.closed) return tx.query<T>(query, params, options);
      return pg._runExclusiveQuery(() => statements.run<T>(query, params ?? [], options, true));
    },
    sql: async <T>(strings: TemplateStringsArray, ...params: unknown[]): Promise<Results<T>> => {
      await turns.yieldIfDue();
      return statements.unprepared(strings.join('$'), () => tx.sql<T>(strings, ...params));
    },
    exec: async (query: string, options?: QueryOptions): Promise<Array<Results>> => {
      await turns.yieldIfDue();
      return statements.unprepared(query, () => tx.exec(query, options));
    },
    rollback: () => tx.rollback(),
    listen: (channel, callback) => tx.listen(channel, callback),
    get closed() {
      return tx.closed;
    },
  };
}

/**
 * Statements run back to back for at most this long before the event loop gets a turn: the
 * longest a timer or socket callback waits for the database, beyond the statement running
 * when it fell due.
 */
export const YIELD_EVERY_MS = 2;

/** When the event loop last had a turn, as seen by the statements of one client. */
class TurnBudget {
  private lastTurn = performance.now();

  async yieldIfDue(): Promise<void> {
    if (performance.now() - this.lastTurn < YIELD_EVERY_MS) return;
    await nextMacrotask();
    this.lastTurn = performance.now();
  }
}
