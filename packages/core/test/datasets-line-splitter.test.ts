/**
 * The line splitter and CSV record splitter behind streamed dataset uploads, fed the same text
 * in pieces split at every point: the lines, records and line numbers must be those of the
 * whole text (CRLF, a last line without a newline, blank lines, quoted line breaks).
 */
import { describe, expect, it } from 'vitest';
import { createCsvRecordSplitter } from '../src/datasets/csv-records.js';
import { createLineSplitter, type TextSink } from '../src/datasets/line-splitter.js';

/** Feed `text` to a sink in pieces cut at `cuts`, then end it. */
function feed(sink: TextSink, text: string, cuts: number[]): void {
  let start = 0;
  for (const cut of [...cuts, text.length]) {
    sink.push(text.slice(start, cut));
    start = cut;
  }
  sink.end();
}

/** Every way to cut `text` once, and every way to cut it twice. */
function* cutsOf(text: string): Generator<number[]> {
  for (let a = 0; a <= text.length; a++) {
    yield [a];
    for (let b = a; b <= text.length; b++) yield [a, b];
  }
}

function linesOf(text: string, cuts: number[], maxLineLength?: number): Array<[string, number]> {
  const lines: Array<[string, number]> = [];
  feed(
    createLineSplitter((line, n) => lines.push([line, n]), maxLineLength),
    text,
    cuts,
  );
  return lines;
}

function recordsOf(text: string, cuts: number[]): Array<[string[], number]> {
  const records: Array<[string[], number]> = [];
  feed(
    createCsvRecordSplitter((fields, n) => records.push([fields, n])),
    text,
    cuts,
  );
  return records;
}

describe('line splitter', () => {
  it('gives the same numbered lines however the text is cut', () => {
    const text = '{"a":1}\r\n\n  \r\n{"b":"x\\ny"}\n{"c":3}';
    const expected: Array<[string, number]> = [
      ['{"a":1}', 1],
      ['', 2],
      ['  ', 3],
      ['{"b":"x\\ny"}', 4],
      ['{"c":3}', 5],
    ];
    for (const cuts of cutsOf(text)) expect(linesOf(text, cuts), `cuts ${cuts}`).toEqual(expected);
  });

  it('ends on a final newline without an extra line, and gives nothing for nothing', () => {
    expect(linesOf('a\r\nb\r\n', [])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(linesOf('', [])).toEqual([]);
  });

  it('refuses a line past the length limit with its number, wherever the text is cut', () => {
    const text = 'abc\r\nabcd\r\nabcdef\nx';
    expect(linesOf('abcd\r\n', [], 4)).toEqual([['abcd', 1]]);
    for (const cuts of cutsOf(text)) {
      expect(() => linesOf(text, cuts, 4), `cuts ${cuts}`).toThrow(
        expect.objectContaining({
          details: [{ field: 'file', message: 'line 3: longer than 4 characters' }],
        }),
      );
    }
  });
});

describe('CSV record splitter', () => {
  it('gives the same records, numbered by the line they start on, however the text is cut', () => {
    const text = 'p,q\r\n"multi\r\nline, ""quoted""",2\n\n"",\rlast,"x\ny"';
    const expected: Array<[string[], number]> = [
      [['p', 'q'], 1],
      [['multi\r\nline, "quoted"', '2'], 2],
      [[''], 4],
      [['', ''], 5],
      [['last', 'x\ny'], 6],
    ];
    for (const cuts of cutsOf(text)) expect(recordsOf(text, cuts), `cuts ${cuts}`).toEqual(expected);
  });
});
