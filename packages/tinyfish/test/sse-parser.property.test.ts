import { type SseItem, SseParser } from '@tfbench/provider-kit/sse';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTinyFishEvent } from '../src/sse/index.js';

type Ending = '\n' | '\r\n' | '\r';

interface GeneratedEvent {
  comments: string[];
  type: string | null;
  id: string | null;
  dataLines: string[];
}

/** Text that may appear inside a line: any valid Unicode except line ends. */
const lineText = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' '));
const fieldText = lineText.map((s) => s.replace(/\0/g, ''));

const generatedEvent: fc.Arbitrary<GeneratedEvent> = fc.record({
  comments: fc.array(lineText, { maxLength: 2 }),
  type: fc.option(fieldText, { nil: null }),
  id: fc.option(fieldText, { nil: null }),
  dataLines: fc.array(lineText, { minLength: 1, maxLength: 3 }),
});

const stream = fc.record({
  bom: fc.boolean(),
  events: fc.array(generatedEvent, { minLength: 1, maxLength: 8 }),
  endings: fc.array(fc.constantFrom<Ending>('\n', '\r\n', '\r'), { minLength: 1, maxLength: 16 }),
  finalBlankLine: fc.boolean(),
});

/** Serialise events to wire bytes, choosing line ends in turn from `endings`. */
type GeneratedStream = typeof stream extends fc.Arbitrary<infer T> ? T : never;

function serialise(s: GeneratedStream): Buffer {
  let text = s.bom ? '\ufeff' : '';
  let n = 0;
  let previous: Ending | null = null;
  const line = (content: string) => {
    let ending = s.endings[n++ % s.endings.length] as Ending;
    // "\r" followed by an empty line ended by "\n" would read as one CRLF: not the stream we meant.
    if (previous === '\r' && content === '' && ending === '\n') ending = '\r';
    text += content + ending;
    previous = ending;
  };
  s.events.forEach((e, index) => {
    for (const c of e.comments) line(`:${c}`);
    if (e.type !== null) line(`event: ${e.type}`);
    if (e.id !== null) line(`id: ${e.id}`);
    for (const d of e.dataLines) line(`data: ${d}`);
    if (index < s.events.length - 1 || s.finalBlankLine) line('');
  });
  return Buffer.from(text, 'utf8');
}

function expectedItems(events: GeneratedEvent[]): SseItem[] {
  const out: SseItem[] = [];
  let lastId: string | null = null;
  for (const e of events) {
    for (const c of e.comments) out.push({ kind: 'comment', text: c.replace(/^ /, '') });
    if (e.id !== null) lastId = e.id;
    out.push({ kind: 'event', type: e.type, data: e.dataLines.join('\n'), id: lastId });
  }
  return out;
}

function parseChunks(bytes: Buffer, cuts: number[]): SseItem[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parser = new SseParser();
  const out: SseItem[] = [];
  let from = 0;
  for (const p of points) {
    out.push(...parser.push(bytes.subarray(from, p)));
    from = p;
  }
  out.push(...parser.push(bytes.subarray(from)));
  out.push(...parser.end());
  return out;
}

describe('SseParser properties', () => {
  it('any re-chunking of any valid stream yields the same events, and the ones that were sent', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 30 }), (s, cuts) => {
        const bytes = serialise(s);
        const expected = expectedItems(s.events);
        expect(parseChunks(bytes, [])).toEqual(expected);
        expect(parseChunks(bytes, cuts)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('byte-by-byte feeding equals one-chunk feeding', () => {
    fc.assert(
      fc.property(stream, (s) => {
        const bytes = serialise(s);
        const all = Array.from({ length: bytes.length }, (_, i) => i);
        expect(parseChunks(bytes, all)).toEqual(parseChunks(bytes, []));
      }),
      { numRuns: 100 },
    );
  });
});

/** Streams that are broken in every way we could think of (and some random ones). */
function malformedCorpus(): Buffer[] {
  const fixed: (string | Buffer)[] = [
    '',
    '\n',
    '\r',
    '\r\n',
    '\n\n\n\n',
    'data',
    'data:',
    'data:\n\n',
    ':',
    '::::\n\n',
    'data: {"type":\n\n',
    'data: {"type":"PROGRESS"\n\n',
    'data: not json\n\n',
    'data: []\n\n',
    'data: null\n\n',
    'data: 42\n\n',
    'data: "string"\n\n',
    'data: {}\n\n',
    'data: {"type":""}\n\n',
    'data: {"type":7}\n\n',
    'data: {"type":"COMPLETE","error":[1,2]}\n\n',
    'data: {"type":"COMPLETE","status":5,"runId":{}}\n\n',
    'data: {"type":"PROGRESS"}\ndata: {"type":"PROGRESS"}\n\n',
    'event: COMPLETE\n\n',
    'event: COMPLETE\ndata: {}\n\n',
    'id: \0bad\ndata: x\n\n',
    'retry: abc\n\n',
    'data: x\r\r\r\r\r\r',
    '\ufeff\ufeffdata: x\n\n',
    'data: \u0000\u0001\u0002\n\n',
    `data: ${'['.repeat(100_000)}\n\n`,
    `data: ${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}\n\n`,
    `data: {"type":"PROGRESS","purpose":"${'x'.repeat(3 * 1024 * 1024)}"}\n\n`,
    `${'x'.repeat(2 * 1024 * 1024)}`,
    `: ${'c'.repeat(2 * 1024 * 1024)}\ndata: after\n\n`,
    Buffer.from([0xff, 0xfe, 0xfd, 0x0a, 0x0a]),
    Buffer.from([0x64, 0x61, 0x74, 0x61, 0x3a, 0xc3, 0x0a, 0x0a]),
    Buffer.from([0xe2, 0x82]),
    Buffer.from([0x0d, 0x0d, 0x0a, 0x0a, 0x0d]),
    'data: {"type":"STARTED","run_id":"r"}\n\ndata: {"type":"PROGR',
    'data: {"type":"STARTED"}\r\n\r\ndata: {"type":"COMPLETE",',
    'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html></html>',
    '<!doctype html><html><body>502 Bad Gateway</body></html>',
    '{"error":{"code":"INTERNAL_ERROR","message":"boom"}}',
    'data:{"type":"STARTED"}\n\ndata:{"type":"STARTED"}\n\n'.repeat(1000),
  ];
  const random = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 4096 }), { numRuns: 40, seed: 7 });
  const noisy = fc.sample(
    fc.array(fc.constantFrom('data: ', '\n', '\r', ':', '{', '}', '"type"', 'event:', '\ufeff', '😀', 'x'), {
      maxLength: 200,
    }),
    { numRuns: 20, seed: 11 },
  );
  return [
    ...fixed.map((f) => (typeof f === 'string' ? Buffer.from(f) : f)),
    ...random.map((r) => Buffer.from(r)),
    ...noisy.map((parts) => Buffer.from(parts.join(''))),
  ];
}

describe('SseParser on malformed streams', () => {
  const corpus = malformedCorpus();

  it('has a corpus of at least 50 streams', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
  });

  it('never throws, whatever the chunking, and keeps at most one capped line in memory', () => {
    const maxLineBytes = 64 * 1024;
    for (const bytes of corpus) {
      for (const chunkSize of [1, 7, 4096, 1 << 20]) {
        if (chunkSize < 4096 && bytes.length > 100_000) continue; // same code path, just slow
        const parser = new SseParser({ maxLineBytes });
        const items: SseItem[] = [];
        let mostBuffered = 0;
        for (let i = 0; i < bytes.length; i += chunkSize) {
          items.push(...parser.push(bytes.subarray(i, i + chunkSize)));
          mostBuffered = Math.max(mostBuffered, parser.bufferedBytes);
        }
        items.push(...parser.end());
        expect(mostBuffered).toBeLessThanOrEqual(maxLineBytes);
        // The event layer above the parser must not throw either.
        for (const item of items) {
          if (item.kind === 'event') expect(() => parseTinyFishEvent(item.data, item.type)).not.toThrow();
          if (item.kind === 'event') expect(item.data.length).toBeLessThanOrEqual(maxLineBytes);
        }
      }
    }
  });

  it('reports an over-long line once and recovers at the next line', () => {
    const parser = new SseParser({ maxLineBytes: 1024 });
    const items = [
      ...parser.push(Buffer.from(`data: ${'x'.repeat(5000)}\n\ndata: {"type":"COMPLETE"}\n\n`)),
      ...parser.end(),
    ];
    expect(items.map((i) => i.kind)).toEqual(['line_too_long', 'event']);
  });
});
