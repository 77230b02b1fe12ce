import type { JsonObject } from '@tfbench/domain/model';
import { DATASET_LIMITS } from './limits.js';
import { fileError } from './parse-error.js';

/**
 * Records of RFC 4180 CSV: fields separated by commas, optionally in double quotes, a quote
 * inside a quoted field doubled (""), line breaks allowed inside quotes. Yields each record
 * with the line it started on, for error messages.
 */
function* records(text: string): Generator<{ line: number; fields: string[] }> {
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let length = 0;
    for (;;) {
      if (i >= text.length) {
        if (quoted) throw fileError(startLine, 'a quoted field is never closed (missing ")');
        fields.push(field);
        break;
      }
      const c = text[i] as string;
      if (++length > DATASET_LIMITS.maxLineLength)
        throw fileError(startLine, `record longer than ${DATASET_LIMITS.maxLineLength} characters`);
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          quoted = false;
          i++;
          const next = text[i];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
            throw fileError(
              line,
              `unexpected ${JSON.stringify(next)} after a closing quote (a quote inside a quoted field is written "")`,
            );
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
        continue;
      }
      if (c === '"') {
        if (field !== '')
          throw fileError(
            line,
            'a quote inside an unquoted field (quote the whole field, doubling inner quotes)',
          );
        quoted = true;
        i++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        i++;
      } else if (c === '\n' || c === '\r') {
        fields.push(field);
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      } else {
        field += c;
        i++;
      }
    }
    yield { line: startLine, fields };
  }
}

/**
 * Rows of a CSV file whose first record names the fields. Every value is a string; blank lines
 * are skipped. Errors name the line: a record with more or fewer fields than the header, an
 * unclosed or stray quote, a duplicate or empty header name.
 *
 * @example
 * parseCsv('prompt,lang\n"Say ""hi""",en'); // [{ prompt: 'Say "hi"', lang: 'en' }]
 */
export function parseCsv(text: string): JsonObject[] {
  const rows: JsonObject[] = [];
  let header: string[] | null = null;
  for (const { line, fields } of records(text.replace(/^\uFEFF/, ''))) {
    if (fields.length === 1 && fields[0] === '') continue;
    if (!header) {
      const seen = new Set<string>();
      for (const name of fields) {
        if (name.trim() === '') throw fileError(line, 'the header has an empty field name');
        if (seen.has(name)) throw fileError(line, `the header names "${name}" twice`);
        seen.add(name);
      }
      if (fields.length > DATASET_LIMITS.maxFields)
        throw fileError(line, `more than ${DATASET_LIMITS.maxFields} fields`);
      header = fields;
      continue;
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
  }
  if (!header) throw fileError(1, 'the file is empty (a CSV needs a header line naming the fields)');
  return rows;
}
