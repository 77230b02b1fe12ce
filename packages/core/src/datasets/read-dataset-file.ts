import type { JsonObject } from '@tfbench/domain/model';
import type { DatasetParser } from './dataset-parser.js';
import { DATASET_LIMITS, type DatasetFileFormat } from './limits.js';
import { createCsvParser } from './parse-csv.js';
import { fileError, fileTooLarge } from './parse-error.js';
import { createJsonlParser } from './parse-jsonl.js';
import { createShareGptParser } from './parse-sharegpt.js';

/** A file as it arrives: bytes (or text) a chunk at a time, such as a request body, or whole text. */
export type DatasetFileSource = string | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>;

const PARSERS: Record<DatasetFileFormat, () => DatasetParser> = {
  jsonl: createJsonlParser,
  csv: createCsvParser,
  sharegpt: createShareGptParser,
};

async function* chunksOf(source: DatasetFileSource): AsyncIterable<Uint8Array | string> {
  if (typeof source === 'string') yield source;
  else yield* source;
}

/**
 * Read a dataset file into rows as it arrives. Bytes are decoded as UTF-8 across chunk
 * boundaries (a leading byte order mark dropped) and fed to the format's parser, so JSONL and
 * CSV are judged a line at a time: reading stops at the first bad line (400 on `file`, `line
 * 12: ...`) or once the file passes `maxBytes` (413 naming the line reached), and memory holds
 * the rows, not the file. ShareGPT is one JSON document, parsed once read (within `maxBytes`).
 *
 * @example
 * await readDatasetFile('jsonl', request.raw); // [{ prompt: 'hi' }, ...]
 */
export async function readDatasetFile(
  format: DatasetFileFormat,
  source: DatasetFileSource,
  maxBytes: number = DATASET_LIMITS.maxBytes,
): Promise<JsonObject[]> {
  const parser = PARSERS[format]();
  const decoder = new TextDecoder('utf-8');
  const encoder = new TextEncoder();
  let bytes = 0;
  for await (const chunk of chunksOf(source)) {
    const data = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    bytes += data.byteLength;
    if (bytes > maxBytes) throw fileTooLarge(parser.line, maxBytes);
    parser.push(decoder.decode(data, { stream: true }));
  }
  parser.push(decoder.decode());
  parser.end();
  const rows = parser.rows();
  if (rows.length === 0) throw fileError(1, 'the file holds no rows');
  return rows;
}
