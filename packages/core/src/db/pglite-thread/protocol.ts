/**
 * Messages between the main thread's ThreadedPGlite and the thread hosting PGlite
 * (host-main.ts). Every request carries an id; the host answers each one once, with the
 * same id, in the order PGlite runs them.
 */

export interface HostSettings {
  /** The data folder; undefined for a database in memory. */
  dataDir: string | undefined;
  /** A dumped database (`dumpDataDir`, a tar) to start from, when the folder is new. */
  tarball: ArrayBuffer | undefined;
}

/** A statement's rows as objects or as arrays; `textTimes` keeps date and time types as text. */
export interface QueryShape {
  rowMode: 'object' | 'array' | undefined;
  textTimes: boolean;
}

export type ToHost =
  | { op: 'query'; id: number; tx: number | undefined; sql: string; params: unknown[]; shape: QueryShape }
  | { op: 'exec'; id: number; tx: number | undefined; sql: string }
  | { op: 'begin'; id: number }
  | { op: 'end'; id: number; tx: number; commit: boolean }
  | { op: 'close'; id: number };

/** An error as it crosses the threads: its message, name and PostgreSQL's fields (code...). */
export interface CarriedError {
  name: string;
  message: string;
  fields: Record<string, string | number | boolean>;
}

export type FromHost =
  | { kind: 'ready' }
  | { kind: 'failed-to-open'; error: CarriedError }
  | { kind: 'answer'; id: number; value: unknown }
  | { kind: 'error'; id: number; error: CarriedError };

/**
 * The types Drizzle's PGlite session keeps as text (timestamps, dates, intervals and their
 * arrays); its parsers are functions, which cannot cross threads, so the host applies these.
 */
export const TEXT_TIME_TYPES = [1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182] as const;

export function carryError(error: unknown): CarriedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: CarriedError['fields'] = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      fields[key] = value;
  }
  return { name: error.name, message: error.message, fields };
}

/** The carried error as an Error again, with the fields callers read (`code`, `constraint`...). */
export function restoredError(carried: CarriedError): Error {
  const error = new Error(carried.message);
  error.name = carried.name;
  return Object.assign(error, carried.fields);
}
