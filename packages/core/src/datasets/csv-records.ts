import { DATASET_LIMITS } from './limits.js';
import type { TextSink } from './line-splitter.js';
import { fileError } from './parse-error.js';

/**
 * Splits RFC 4180 CSV that arrives in pieces into records, calling `onRecord(fields, line)` with
 * the line each record starts on. Fields are separated by commas, optionally in double quotes; a
 * quote inside a quoted field is doubled (""), and line breaks inside quotes belong to the field
 * (they still count as lines, so later line numbers stay those of the file). "\r\n", "\n" and
 * "\r" end a record. A record keeps at most `maxLength` characters: one that grows past it is read
 * on to its end without being kept, then refused with the line it started on.
 */
export function createCsvRecordSplitter(
  onRecord: (fields: string[], line: number) => void,
  maxLength: number = DATASET_LIMITS.maxLineLength,
): TextSink {
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let startLine = 1;
  let length = 0;
  let overlong = false;
  let quoted = false;
  /** Inside quotes, a quote was just read: the next character says whether it closes the field. */
  let quoteSeen = false;
  /** A closing quote was just read: a comma or the end of the record must follow. */
  let closed = false;
  /** A "\r" ended the last record: a "\n" right after it is part of the same line break. */
  let afterCarriageReturn = false;
  let ended = false;

  const append = (c: string) => {
    if (!overlong) field += c;
  };
  const endRecord = () => {
    fields.push(field);
    if (overlong) throw fileError(startLine, `record longer than ${maxLength} characters`);
    onRecord(fields, startLine);
    fields = [];
    field = '';
    length = 0;
    closed = false;
  };

  const read = (c: string) => {
    if (afterCarriageReturn) {
      afterCarriageReturn = false;
      if (c === '\n') return;
    }
    if (length === 0) startLine = line;
    if (++length > maxLength) {
      overlong = true;
      field = '';
    }
    if (quoted && quoteSeen) {
      quoteSeen = false;
      if (c === '"') return append('"');
      quoted = false;
      closed = true;
    }
    if (quoted) {
      if (c === '"') quoteSeen = true;
      else {
        if (c === '\n') line++;
        append(c);
      }
      return;
    }
    if (closed && c !== ',' && c !== '\n' && c !== '\r')
      throw fileError(
        line,
        `unexpected ${JSON.stringify(c)} after a closing quote (a quote inside a quoted field is written "")`,
      );
    if (c === '"') {
      if (field !== '')
        throw fileError(
          line,
          'a quote inside an unquoted field (quote the whole field, doubling inner quotes)',
        );
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      closed = false;
    } else if (c === '\n' || c === '\r') {
      endRecord();
      line++;
      afterCarriageReturn = c === '\r';
    } else append(c);
  };

  return {
    get line() {
      return line;
    },
    push(text: string) {
      for (const c of text) read(c);
    },
    end() {
      if (ended) return;
      ended = true;
      if (quoted && !quoteSeen) throw fileError(startLine, 'a quoted field is never closed (missing ")');
      if (length > 0) endRecord();
    },
  };
}
