import type { JsonObject } from '@tfbench/domain/model';
import { DATASET_LIMITS } from './limits.js';
import { fileError } from './parse-error.js';

/**
 * Rows of a JSONL file: one JSON object per line; blank lines are skipped. Read line by line,
 * so an error names the first bad line (1-based) and why, and nothing past the row limit is parsed.
 *
 * @example
 * parseJsonl('{"prompt":"hi"}\n\n{"prompt":"yo"}'); // [{ prompt: 'hi' }, { prompt: 'yo' }]
 */
export function parseJsonl(text: string): JsonObject[] {
  const rows: JsonObject[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const raw = text.slice(start, end === -1 ? text.length : end).replace(/\r$/, '');
    line++;
    start = end === -1 ? text.length + 1 : end + 1;
    if (raw.trim() === '') continue;
    if (raw.length > DATASET_LIMITS.maxLineLength)
      throw fileError(line, `longer than ${DATASET_LIMITS.maxLineLength} characters`);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw fileError(line, `not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw fileError(line, 'must be a JSON object such as {"prompt": "..."}');
    if (rows.length >= DATASET_LIMITS.maxRows)
      throw fileError(line, `more than ${DATASET_LIMITS.maxRows} rows`);
    rows.push(value as JsonObject);
  }
  return rows;
}
