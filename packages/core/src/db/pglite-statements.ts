/**
 * PGlite statements parsed and planned once, then executed by name.
 *
 * PGlite's `query` sends every statement as an unnamed one: Parse, Describe, Bind, Describe,
 * Execute and Sync, six calls into the WASM Postgres, which parses, analyses and plans the
 * text again each time. The engine sends the same few statements hundreds of times a second
 * (Drizzle's texts carry their values as `$n` parameters, so one shape is one text), and on
 * the embedded default that repeated work was most of the database's CPU per run. Here a
 * text's first use parses it under a name and keeps its parameter types and row description;
 * every later use is one call: Bind, Execute, Sync. Measured in docs/performance.md
 * ("Send-time precision").
 *
 * Prepared statements are the backend's, not the transaction's: a rollback keeps them, and a
 * schema change makes Postgres plan them again. Only a change of a statement's result columns
 * would make it fail, so around a statement that may change the schema (anything but a plain
 * read or write) the whole cache is dropped, before and after it, and the next uses parse again.
 *
 * The caller holds PGlite's query lock for each call (see pglite-yield.ts): the cache and the
 * backend's session are shared by everything that runs on this PGlite.
 */
import { type PGlite, protocol, type QueryOptions, type Results } from '@electric-sql/pglite';

/** Statements kept at once; the least recently used is closed beyond it. */
export const STATEMENT_CACHE_SIZE = 256;

/** Texts that read or write rows and never change the schema: the ones kept prepared. */
const ROW_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * Savepoints (a nested transaction) neither change the schema nor undo a change: statements
 * prepared before them stay valid. Rolling back to one may undo a schema change, so that one
 * still drops them.
 */
const SAVEPOINT_STATEMENT = /^\s*(savepoint|release(\s+savepoint)?)\s+"?\w+"?\s*;?\s*$/i;

type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

interface Prepared {
  readonly name: string;
  /** Type OIDs of the parameters, from Describe: they choose each value's serializer. */
  readonly paramTypes: readonly number[];
  /** The columns of its rows (none for a statement that returns no rows). */
  readonly fields: readonly { name: string; dataTypeID: number }[];
}

/** Execute the unnamed portal with no row limit, then Sync: the same bytes for every call. */
const EXECUTE_AND_SYNC = concat([protocol.serialize.execute({}), protocol.serialize.sync()]);

/** What the cached path serves: options that only shape values and rows. */
function cacheable(text: string, options: QueryOptions | undefined): boolean {
  if (!ROW_STATEMENT.test(text)) return false;
  if (options === undefined) return true;
  return options.paramTypes === undefined && options.blob === undefined && options.onNotice === undefined;
}

export class PreparedStatements {
  /** By text, least recently used first. */
  private readonly byText = new Map<string, Prepared>();
  /** Names dropped from the map, closed in the backend with the next call. */
  private toClose: string[] = [];
  private named = 0;

  constructor(
    private readonly pg: PGlite,
    private readonly capacity = STATEMENT_CACHE_SIZE,
  ) {}

  /** Whether `run` serves this statement; when false the caller runs it through {@link unprepared}. */
  serves(text: string, options?: QueryOptions): boolean {
    return cacheable(text, options);
  }

  /**
   * Run a statement this cache does not serve (DDL, a script, a transaction command) through
   * PGlite's own path. It may change the schema, so every statement is forgotten before it
   * runs and again after it (anything prepared meanwhile may predate the change), unless it
   * only sets or releases a savepoint: the engine's batched finish sets one in every batch,
   * and dropping the statements there made every statement of the next batches parse again.
   */
  async unprepared<T>(text: string, work: () => Promise<T>): Promise<T> {
    if (SAVEPOINT_STATEMENT.test(text)) return work();
    this.dropAll();
    try {
      return await work();
    } finally {
      this.dropAll();
    }
  }

  /** Forget every statement: the next use of each parses it again. */
  private dropAll(): void {
    for (const prepared of this.byText.values()) this.toClose.push(prepared.name);
    this.byText.clear();
  }

  /**
   * Execute `text` with `params`, as PGlite's `query` would, under a name of its own. The
   * caller holds the query lock; outside a transaction PGlite's file sync follows, as after
   * `query`.
   */
  async run<T>(
    text: string,
    params: readonly unknown[],
    options: QueryOptions | undefined,
    inTransaction: boolean,
  ): Promise<Results<T>> {
    try {
      const prepared = this.recent(text) ?? (await this.prepare(text));
      const messages = await this.pg.execProtocolStream(
        concat([
          ...this.closeMessages(),
          bindMessage(prepared.name, this.values(prepared, params, options)),
          EXECUTE_AND_SYNC,
        ]),
        { syncToFs: false },
      );
      if (!inTransaction) await this.pg.syncToFs();
      return this.results<T>(prepared, messages, options);
    } catch (error) {
      // The same fields PGlite's own query adds to a database error.
      if (error instanceof Error && 'severity' in error) {
        Object.assign(error, { query: text, params, queryOptions: options });
      }
      throw error;
    }
  }

  /** The statement prepared for `text`, marked as the most recently used. */
  private recent(text: string): Prepared | undefined {
    const prepared = this.byText.get(text);
    if (prepared === undefined) return undefined;
    this.byText.delete(text);
    this.byText.set(text, prepared);
    return prepared;
  }

  private async prepare(text: string): Promise<Prepared> {
    this.named += 1;
    const name = `tfbench_s${this.named}`;
    const messages = await this.pg.execProtocolStream(
      concat([
        ...this.closeMessages(),
        protocol.serialize.parse({ name, text }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const parameters = messages.find((message) => message.name === 'parameterDescription');
    const rows = messages.find((message) => message.name === 'rowDescription');
    const fields = rows && 'fields' in rows ? (rows.fields as { name: string; dataTypeID: number }[]) : [];
    const prepared: Prepared = {
      name,
      paramTypes: parameters && 'dataTypeIDs' in parameters ? (parameters.dataTypeIDs as number[]) : [],
      fields: fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })),
    };
    this.byText.set(text, prepared);
    if (this.byText.size > this.capacity) {
      const [oldestText, oldest] = this.byText.entries().next().value as [string, Prepared];
      this.byText.delete(oldestText);
      this.toClose.push(oldest.name);
    }
    return prepared;
  }

  /**
   * The statement's result as PGlite's `query` returns it (rows, fields, the command and the
   * rows it affected), each value by its type's parser. PGlite's own assembly merges the
   * caller's parsers into its table of several hundred types on every call; here each column's
   * parser is looked up once per call.
   */
  private results<T>(
    prepared: Prepared,
    messages: BackendMessage[],
    options: QueryOptions | undefined,
  ): Results<T> {
    const parsers = prepared.fields.map(
      ({ dataTypeID }) => options?.parsers?.[dataTypeID] ?? this.pg.parsers[dataTypeID],
    );
    const asArrays = options?.rowMode === 'array';
    const rows: unknown[] = [];
    const result: Results<T> = {
      rows: rows as T[],
      fields: prepared.fields.map((field) => ({ ...field })),
      affectedRows: 0,
    };
    for (const message of messages) {
      if (message.name === 'dataRow' && 'fields' in message) {
        const values = message.fields as (string | null)[];
        if (asArrays) {
          rows.push(
            values.map((value, index) =>
              parsed(value, prepared.fields[index]?.dataTypeID ?? 0, parsers[index]),
            ),
          );
        } else {
          const row: Record<string, unknown> = {};
          for (let index = 0; index < values.length; index += 1) {
            const field = prepared.fields[index];
            if (field) row[field.name] = parsed(values[index] ?? null, field.dataTypeID, parsers[index]);
          }
          rows.push(row);
        }
      } else if (message.name === 'commandComplete' && 'text' in message) {
        // A tag that carries a row count ends in it ("SELECT 2", "UPDATE 3", "INSERT 0 5").
        const words = String(message.text).split(' ');
        const command = words[0] ?? '';
        const rowCount = Number.parseInt(words[words.length - 1] ?? '', 10);
        result.command = command;
        if (!Number.isNaN(rowCount)) {
          result.rowCount = rowCount;
          if (AFFECTING_COMMANDS.has(command)) result.affectedRows = rowCount;
        }
      }
    }
    return result;
  }

  /** Close messages for the statements dropped since the last call (sent ahead of it). */
  private closeMessages(): Uint8Array[] {
    if (this.toClose.length === 0) return [];
    const messages = this.toClose.map((name) => protocol.serialize.close({ type: 'S', name }));
    this.toClose = [];
    return messages;
  }

  /** The parameters as text, each by its type's serializer, as PGlite's `query` does. */
  private values(
    prepared: Prepared,
    params: readonly unknown[],
    options: QueryOptions | undefined,
  ): (string | null)[] {
    return params.map((param, index) => {
      if (param === null || param === undefined) return null;
      const oid = prepared.paramTypes[index] ?? 0;
      const serialize = options?.serializers?.[oid] ?? this.pg.serializers[oid];
      return serialize ? serialize(param) : String(param);
    });
  }
}

/** Commands whose row count PGlite reports as `affectedRows`. */
const AFFECTING_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE']);

/** One value as PGlite's `parseType` gives it: null stays null; no parser leaves the text. */
function parsed(
  value: string | null,
  dataTypeID: number,
  parser: ((value: string, type: number) => unknown) | undefined,
): unknown {
  if (value === null) return null;
  return parser ? parser(value, dataTypeID) : value;
}

/**
 * A Bind message for the named statement: every parameter and every column in text format.
 * The lengths come from Buffer's native UTF-8 code, where the protocol library counts the
 * bytes of each string in a JavaScript loop (the event batches' parameters run to hundreds of
 * kilobytes).
 */
function bindMessage(statement: string, values: readonly (string | null)[]): Uint8Array {
  let length = 4 + 1 + Buffer.byteLength(statement) + 1 + 2 + 2 + 2;
  for (const value of values) length += 4 + (value === null ? 0 : Buffer.byteLength(value));
  const message = Buffer.allocUnsafe(1 + length);
  let offset = message.write('B', 0, 'latin1');
  offset = message.writeInt32BE(length, offset);
  offset = message.writeUInt8(0, offset); // the unnamed portal
  offset += message.write(statement, offset);
  offset = message.writeUInt8(0, offset);
  offset = message.writeInt16BE(0, offset); // no format codes: every parameter is text
  offset = message.writeInt16BE(values.length, offset);
  for (const value of values) {
    if (value === null) {
      offset = message.writeInt32BE(-1, offset);
      continue;
    }
    const bytes = Buffer.byteLength(value);
    offset = message.writeInt32BE(bytes, offset);
    offset += message.write(value, offset);
  }
  message.writeInt16BE(0, offset); // no result format codes: every column is text
  return message;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
