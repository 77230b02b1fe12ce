import type { JsonObject } from '@tfbench/domain/model';
import { type DatasetParser, parseWhole } from './dataset-parser.js';
import { DATASET_LIMITS } from './limits.js';
import { createLineSplitter } from './line-splitter.js';
import { fileError } from './parse-error.js';

/** Turns one JSONL line into a row, or refuses it naming the line. */
function jsonlRow(raw: string, line: number): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw fileError(line, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fileError(line, 'must be a JSON object such as {"prompt": "..."}');
  if (Object.keys(value).length > DATASET_LIMITS.maxFields)
    throw fileError(line, `more than ${DATASET_LIMITS.maxFields} fields`);
  return value as JsonObject;
}

/**
 * A JSONL parser fed a piece at a time: one JSON object per line, blank lines skipped. Each
 * line is parsed as soon as it is complete, so the first bad line (1-based) is refused before
 * anything after it is read, and nothing past the row limit is kept.
 */
export function createJsonlParser(): DatasetParser {
  const rows: JsonObject[] = [];
  const splitter = createLineSplitter((raw, line) => {
    if (raw.trim() === '') return;
    const row = jsonlRow(raw, line);
    if (rows.length >= DATASET_LIMITS.maxRows)
      throw fileError(line, `more than ${DATASET_LIMITS.maxRows} rows`);
    rows.push(row);
  });
  return {
    push: (text) => splitter.push(text),
    end: () => splitter.end(),
    get line() {
      return splitter.line;
    },
    rows: () => rows,
  };
}

/**
 * Rows of a whole JSONL text; see createJsonlParser.
 *
 * @example
 * parseJsonl('{"prompt":"hi"}\n\n{"prompt":"yo"}'); // [{ prompt: 'hi' }, { prompt: 'yo' }]
 */
export function parseJsonl(text: string): JsonObject[] {
  return parseWhole(createJsonlParser(), text);
}
