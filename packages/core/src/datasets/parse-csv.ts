import type { JsonObject } from '@tfbench/domain/model';
import { createCsvRecordSplitter } from './csv-records.js';
import { type DatasetParser, parseWhole } from './dataset-parser.js';
import { DATASET_LIMITS } from './limits.js';
import { fileError } from './parse-error.js';

/** The header's field names, refused (naming the line) when one is empty, repeated or too many. */
function checkHeader(fields: string[], line: number): string[] {
  const seen = new Set<string>();
  for (const name of fields) {
    if (name.trim() === '') throw fileError(line, 'the header has an empty field name');
    if (seen.has(name)) throw fileError(line, `the header names "${name}" twice`);
    seen.add(name);
  }
  if (fields.length > DATASET_LIMITS.maxFields)
    throw fileError(line, `more than ${DATASET_LIMITS.maxFields} fields`);
  return fields;
}

/**
 * A CSV parser fed a piece at a time; the first record names the fields. Every value is a
 * string; blank lines are skipped. Each record is judged as soon as it is complete, so errors
 * name the line before anything after it is read: a record with more or fewer fields than the
 * header, an unclosed or stray quote, a duplicate or empty header name.
 */
export function createCsvParser(): DatasetParser {
  const rows: JsonObject[] = [];
  let header: string[] | null = null;
  const records = createCsvRecordSplitter((fields, line) => {
    if (fields.length === 1 && fields[0] === '') return;
    if (!header) {
      header = checkHeader(fields, line);
      return;
    }
    if (fields.length !== header.length)
      throw fileError(line, `${fields.length} fields where the header has ${header.length}`);
    if (rows.length >= DATASET_LIMITS.maxRows)
      throw fileError(line, `more than ${DATASET_LIMITS.maxRows} rows`);
    const row: JsonObject = {};
    header.forEach((name, k) => {
      row[name] = fields[k] as string;
    });
    rows.push(row);
  });
  return {
    push: (text) => records.push(text),
    end() {
      records.end();
      if (!header) throw fileError(1, 'the file is empty (a CSV needs a header line naming the fields)');
    },
    get line() {
      return records.line;
    },
    rows: () => rows,
  };
}

/**
 * Rows of a whole CSV text; see createCsvParser.
 *
 * @example
 * parseCsv('prompt,lang\n"Say ""hi""",en'); // [{ prompt: 'Say "hi"', lang: 'en' }]
 */
export function parseCsv(text: string): JsonObject[] {
  return parseWhole(createCsvParser(), text);
}
