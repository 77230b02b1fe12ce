import { describe, expect, it } from 'vitest';
import { type SseItem, SseParser } from '../src/sse/index.js';

function parseAll(chunks: (string | Uint8Array)[], options?: { maxLineBytes?: number }): SseItem[] {
  const parser = new SseParser(options);
  const out: SseItem[] = [];
  for (const chunk of chunks)
    out.push(...parser.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  out.push(...parser.end());
  return out;
}

const event = (data: string, type: string | null = null, id: string | null = null): SseItem => ({
  kind: 'event',
  type,
  data,
  id,
});

describe('SseParser', () => {
  it('parses TinyFish framing: one data line per event, then a blank line', () => {
    expect(parseAll(['data: {"type":"STARTED"}\n\ndata: {"type":"COMPLETE"}\n\n'])).toEqual([
      event('{"type":"STARTED"}'),
      event('{"type":"COMPLETE"}'),
    ]);
  });

  it('accepts LF, CRLF and CR line ends, also mixed', () => {
    const expected = [event('a'), event('b'), event('c')];
    expect(parseAll(['data: a\n\ndata: b\n\ndata: c\n\n'])).toEqual(expected);
    expect(parseAll(['data: a\r\n\r\ndata: b\r\n\r\ndata: c\r\n\r\n'])).toEqual(expected);
    expect(parseAll(['data: a\r\rdata: b\r\rdata: c\r\r'])).toEqual(expected);
    expect(parseAll(['data: a\r\n\ndata: b\r\rdata: c\n\r\n'])).toEqual(expected);
  });

  it('treats a CR ending one chunk and an LF starting the next as one line end', () => {
    expect(parseAll(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([event('a\nb')]);
    expect(parseAll(['data: a\r', '\r', 'data: b\r\n\r\n'])).toEqual([event('a'), event('b')]);
  });

  it('joins multi-line data with \\n and keeps the event and id fields', () => {
    expect(parseAll(['event: update\nid: 7\ndata: first\ndata:second\ndata\n\n'])).toEqual([
      event('first\nsecond\n', 'update', '7'),
    ]);
  });

  it('removes exactly one space after the colon', () => {
    expect(parseAll(['data:  two spaces\n\n'])).toEqual([event(' two spaces')]);
  });

  it('skips comments but reports them, and ignores retry and unknown fields', () => {
    expect(parseAll([': keep-alive\nretry: 100\nfoo: bar\ndata: x\n\n'])).toEqual([
      { kind: 'comment', text: 'keep-alive' },
      event('x'),
    ]);
  });

  it('does not dispatch an event without data and resets its type', () => {
    expect(parseAll(['event: lonely\n\ndata: x\n\n'])).toEqual([event('x')]);
  });

  it('skips one leading BOM, also when it is split across chunks', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(parseAll([Buffer.concat([bom, Buffer.from('data: x\n\n')])])).toEqual([event('x')]);
    expect(parseAll([bom.subarray(0, 1), bom.subarray(1), 'data: x\n\n'])).toEqual([event('x')]);
    // Only the first: a BOM later in the stream is data.
    expect(parseAll(['data: x\n\n', Buffer.concat([bom, Buffer.from('data: y\n\n')])])).toEqual([event('x')]);
  });

  it('decodes a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('data: {"purpose":"prix £63 — ok 😀"}\n\n');
    const expected = [event('{"purpose":"prix £63 — ok 😀"}')];
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parseAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
    }
  });

  it('handles events split at every byte and several events in one chunk', () => {
    const text = 'data: {"type":"A"}\n\n: c\ndata: {"type":"B"}\r\n\r\ndata: {"type":"C"}\r\r';
    const whole = parseAll([text]);
    const byteByByte = parseAll([...Buffer.from(text)].map((b) => Buffer.from([b])));
    expect(byteByByte).toEqual(whole);
    expect(whole.filter((i) => i.kind === 'event')).toHaveLength(3);
  });

  it('dispatches the last event at end of input without the final blank line', () => {
    expect(parseAll(['data: a\n\ndata: b\n'])).toEqual([event('a'), event('b')]);
    expect(parseAll(['data: a\n\ndata: b'])).toEqual([event('a'), event('b')]);
    expect(parseAll(['data: a\r'])).toEqual([event('a')]);
  });

  it('turns invalid UTF-8 into replacement characters instead of failing', () => {
    const items = parseAll([Buffer.from([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a, 0x0a])]);
    expect(items).toEqual([event('\ufffd\ufffd')]);
  });

  it('drops a line over the cap without buffering it and resumes at the next line', () => {
    const parser = new SseParser({ maxLineBytes: 64 });
    const out: SseItem[] = [];
    out.push(...parser.push(Buffer.from('data: ok\n\ndata: ')));
    for (let i = 0; i < 100; i++) {
      out.push(...parser.push(Buffer.from('x'.repeat(1000))));
      expect(parser.bufferedBytes).toBeLessThanOrEqual(64);
    }
    out.push(...parser.push(Buffer.from('\n\ndata: after\n\n')));
    out.push(...parser.end());
    expect(out).toEqual([event('ok'), { kind: 'line_too_long', bytes: 1006, limit: 64 }, event('after')]);
  });

  it('counts the line end out of the cap: a line of exactly the cap is kept', () => {
    const line = `data: ${'y'.repeat(58)}`; // 64 bytes
    expect(parseAll([`${line}\n\n`], { maxLineBytes: 64 })).toEqual([event('y'.repeat(58))]);
    expect(parseAll([`${line}y\n\n`], { maxLineBytes: 64 })[0]).toMatchObject({ kind: 'line_too_long' });
  });

  it('keeps the tail of a chunk even if the caller reuses its buffer', () => {
    const parser = new SseParser();
    const buffer = Buffer.from('data: abc');
    expect(parser.push(buffer)).toEqual([]);
    buffer.fill(0x7a);
    expect([...parser.push(Buffer.from('\n\n'))]).toEqual([event('abc')]);
  });
});
