/**
 * Exporting runs as CSV, JSON or NDJSON in constant memory: pages of runs are read with
 * keyset pagination (an index range scan each, however deep into the export) and turned into
 * text one page at a time, so a million rows never sit in memory together. The consumer
 * pulls: a slow client slows the reads down instead of filling a buffer.
 */
import { getTableColumns } from 'drizzle-orm';
import { type Run, runs } from '../db/schema.js';
import { type RunCursor, selectRunsAfter } from '../repositories/run-analytics.js';
import { checkOneOf, IssueList } from '../services/checks.js';
import type { CoreDeps } from '../services/deps.js';
import { type RunFilterParams, toRunFilter } from '../services/run-filter-params.js';

export const EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Runs read per query. */
export const EXPORT_PAGE_SIZE = 1_000;

export interface ExportRunsParams extends RunFilterParams {
  format: ExportFormat;
}

export interface RunExport {
  format: ExportFormat;
  contentType: string;
  /** A file name for Content-Disposition, e.g. `tfbench-runs.csv`. */
  fileName: string;
  /** The document, in pieces of about one page of runs each. */
  chunks: AsyncIterable<string>;
}

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** Every column of a run, in table order: the CSV header and field order. */
export const EXPORT_COLUMNS = Object.keys(getTableColumns(runs)) as Array<keyof Run>;

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(run: Run): string {
  return `${EXPORT_COLUMNS.map((column) => csvField(run[column])).join(',')}\r\n`;
}

/** Pages of runs, newest first, until the filter is exhausted. */
async function* pagesOf(deps: CoreDeps, filter: ReturnType<typeof toRunFilter>): AsyncGenerator<Run[]> {
  let cursor: RunCursor | null = null;
  for (;;) {
    const page = await selectRunsAfter(deps.db.db, filter, cursor, EXPORT_PAGE_SIZE);
    if (page.length > 0) yield page;
    if (page.length < EXPORT_PAGE_SIZE) return;
    const last = page[page.length - 1] as Run;
    cursor = { created_at: last.created_at, id: last.id };
  }
}

/** `first` (already read) followed by the rest of `pages`. */
async function* startingWith(
  first: IteratorResult<Run[]>,
  pages: AsyncGenerator<Run[]>,
): AsyncGenerator<Run[]> {
  if (first.done) return;
  yield first.value;
  yield* pages;
}

async function* render(format: ExportFormat, pages: AsyncGenerator<Run[]>): AsyncGenerator<string> {
  if (format === 'csv') yield `${EXPORT_COLUMNS.join(',')}\r\n`;
  if (format === 'json') yield '[';
  let first = true;
  for await (const page of pages) {
    if (format === 'csv') {
      yield page.map(csvLine).join('');
    } else if (format === 'ndjson') {
      yield page.map((run) => `${JSON.stringify(run)}\n`).join('');
    } else {
      yield (first ? '\n' : ',\n') + page.map((run) => JSON.stringify(run)).join(',\n');
      first = false;
    }
  }
  if (format === 'json') yield first ? ']\n' : '\n]\n';
}

/**
 * The runs matching the run list's filters (warm-ups included, as in the list), newest
 * first, as a CSV (one column per run field; JSON fields as JSON text; timestamps in ISO-8601
 * UTC), a JSON array, or NDJSON (one run per line). Checks the parameters before anything is
 * read, then reads the first page before returning, so that a failing read (a query timeout,
 * an unreachable database) rejects here, while the caller can still answer with an error,
 * rather than cutting off a download already under way; the other pages are read as `chunks`
 * is consumed.
 *
 * @example
 * const exported = await exportRuns(deps, { format: 'csv', scenario_id: 1 });
 * for await (const chunk of exported.chunks) output.write(chunk);
 */
export async function exportRuns(deps: CoreDeps, params: ExportRunsParams): Promise<RunExport> {
  const issues = new IssueList();
  checkOneOf('format', params.format, EXPORT_FORMATS, issues);
  const { format, ...filters } = params;
  const filter = toRunFilter(filters, issues);
  issues.throwIfAny();
  const pages = pagesOf(deps, filter);
  const first = await pages.next();
  return {
    format,
    contentType: CONTENT_TYPES[format],
    fileName: `tfbench-runs.${format}`,
    chunks: render(format, startingWith(first, pages)),
  };
}
