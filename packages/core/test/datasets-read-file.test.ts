/**
 * readDatasetFile, the reader behind streamed uploads: bytes split at every point (inside
 * multi-byte UTF-8 characters and the byte order mark too) give the rows and the error lines of
 * the whole file; reading stops at the first bad line and at the byte limit.
 */
import { describe, expect, it } from 'vitest';
import type { DatasetFileFormat } from '../src/datasets/limits.js';
import { readDatasetFile } from '../src/datasets/read-dataset-file.js';

const encoder = new TextEncoder();

/** The file's bytes as a stream of two chunks cut at byte `cut`. */
async function* cutAt(bytes: Uint8Array, cut: number): AsyncIterable<Uint8Array> {
  yield bytes.subarray(0, cut);
  yield bytes.subarray(cut);
}

async function messageOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { details?: Array<{ message: string }> }).details?.[0]?.message;
  }
}

describe('readDatasetFile', () => {
  it('reads the same rows wherever the bytes are cut (BOM, CRLF, UTF-8, quoted breaks, no final newline)', async () => {
    const files: Array<[DatasetFileFormat, string, object[]]> = [
      ['jsonl', '\uFEFF{"p":"café ☕"}\r\n\r\n{"p":"😀 ü"}', [{ p: 'café ☕' }, { p: '😀 ü' }]],
      [
        'csv',
        '\uFEFFp,q\r\n"ü\r\n😀, ""x""",é\n\nlast,☕',
        [
          { p: 'ü\r\n😀, "x"', q: 'é' },
          { p: 'last', q: '☕' },
        ],
      ],
      ['sharegpt', '\uFEFF[{"conversations":[{"from":"human","value":"é😀"}]}]', [{ prompt: 'é😀' }]],
    ];
    for (const [format, text, rows] of files) {
      const bytes = encoder.encode(text);
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(await readDatasetFile(format, cutAt(bytes, cut)), `${format} cut ${cut}`).toEqual(rows);
      }
    }
  });

  it('names the line of the first bad line wherever the bytes are cut, quoted line breaks counted', async () => {
    const files: Array<[DatasetFileFormat, string, string]> = [
      ['jsonl', '{"a":"é"}\r\n\n{"a":2}\n{"a":\n{"a":3}', 'line 4: not valid JSON'],
      ['jsonl', '{"a":1}\n[1]', 'line 2: must be a JSON object'],
      ['csv', 'a,b\r\n"x\r\ny",1\n3\n', 'line 4: 1 fields where the header has 2'],
      ['csv', 'a,b\n"x\ny",1\n"open\n', 'line 4: a quoted field is never closed'],
      ['csv', 'a,b\n"x\ny"z,1\n', 'line 3: unexpected "z" after a closing quote'],
      ['sharegpt', '[\n{"conversations": [\n}', 'line 3: not valid JSON'],
    ];
    for (const [format, text, message] of files) {
      const bytes = encoder.encode(text);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const found = await messageOf(readDatasetFile(format, cutAt(bytes, cut)));
        expect(found, `${format} ${JSON.stringify(text)} cut ${cut}`).toMatch(new RegExp(`^${message}`));
      }
    }
  });

  it('stops reading at the first bad line: later chunks are never asked for', async () => {
    let asked = 0;
    async function* endless(): AsyncIterable<string> {
      for (let i = 1; ; i++) {
        asked = i;
        yield i === 12 ? '{"broken": \n' : `{"i": ${i}}\n`;
      }
    }
    expect(await messageOf(readDatasetFile('jsonl', endless()))).toMatch(/^line 12: not valid JSON/);
    expect(asked).toBe(12);
  });

  it('refuses a file past the byte limit with 413, naming the line reached, without reading on', async () => {
    let asked = 0;
    async function* endless(): AsyncIterable<Uint8Array> {
      for (;;) {
        asked++;
        yield encoder.encode('{"a":1}\n{"b":2}\n');
      }
    }
    const error = await readDatasetFile('jsonl', endless(), 100).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      httpStatus: 413,
      details: [{ field: 'file', message: 'line 13: the file must be at most 100 bytes' }],
    });
    expect(asked).toBe(7);
  });

  it('refuses a file with no rows', async () => {
    expect(await messageOf(readDatasetFile('jsonl', '\n\r\n'))).toBe('line 1: the file holds no rows');
    expect(await messageOf(readDatasetFile('csv', 'a,b\n'))).toBe('line 1: the file holds no rows');
  });
});
