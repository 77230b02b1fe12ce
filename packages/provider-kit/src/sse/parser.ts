/**
 * Incremental Server-Sent Events parser working on bytes, per the WHATWG "event stream
 * interpretation", with two deliberate leniencies and one safety cap:
 *
 * - Lines end with LF, CRLF or CR, including a CR that ends one chunk and an LF that starts
 *   the next (one line end, not two).
 * - Lines are split on bytes and decoded whole, so a multi-byte UTF-8 character split
 *   across chunks decodes correctly; invalid UTF-8 becomes U+FFFD rather than an error.
 * - One leading BOM is skipped. Lines starting with ":" are comments, reported so the
 *   caller can count them as activity. `data` lines are joined with "\n".
 * - Leniency 1: at end of input a pending event is dispatched even without the final blank
 *   line (the spec drops it). A server that closes right after its last `data:` line has
 *   still told us the outcome; a truncated line then surfaces as a parse error upstream.
 * - Leniency 2: unknown fields are ignored, as the spec says, and never an error.
 * - A line longer than `maxLineBytes` is not buffered: its bytes are dropped as they
 *   arrive, one `line_too_long` item is reported, and parsing resumes at the next line
 *   end. Memory stays bounded by the cap whatever the server sends.
 *
 * The parser never throws on input; every problem is an item in its output.
 *
 * Two ways to read it: `push` returns the items of each chunk as objects (simple, for tests
 * and tools), `feed` hands them to an {@link SseSink} without allocating an item or an array
 * per chunk (the client's measuring path). Both see exactly the same items.
 */

/** One dispatched event. `type` is the `event:` field (null when absent). */
export interface SseMessage {
  kind: 'event';
  type: string | null;
  data: string;
  id: string | null;
}

/** A comment line (`: text`), e.g. a keep-alive. */
export interface SseComment {
  kind: 'comment';
  text: string;
}

/** A line exceeded the cap and its bytes are being dropped until the next line end. */
export interface SseLineTooLong {
  kind: 'line_too_long';
  bytes: number;
  limit: number;
}

export type SseItem = SseMessage | SseComment | SseLineTooLong;

/**
 * Receives what the parser completes, in order: the allocation-free alternative to
 * {@link SseParser.push}. Each method corresponds to one {@link SseItem} kind.
 */
export interface SseSink {
  event(type: string | null, data: string, id: string | null): void;
  comment(text: string): void;
  lineTooLong(bytes: number, limit: number): void;
}

export interface SseParserOptions {
  /** Longest line kept, in bytes, without its line end. Default 1 MiB. */
  maxLineBytes?: number;
}

/** Default line-length cap: far above any real event, far below a memory problem. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;

/** Collects a chunk's items for {@link SseParser.push}. */
class ItemCollector implements SseSink {
  readonly items: SseItem[] = [];

  event(type: string | null, data: string, id: string | null): void {
    this.items.push({ kind: 'event', type, data, id });
  }

  comment(text: string): void {
    this.items.push({ kind: 'comment', text });
  }

  lineTooLong(bytes: number, limit: number): void {
    this.items.push({ kind: 'line_too_long', bytes, limit });
  }
}

/**
 * @example
 * const parser = new SseParser();
 * parser.push(Buffer.from('data: {"type":"STA'));
 * parser.push(Buffer.from('RTED"}\n\n')); // [{ kind: 'event', type: null, data: '{"type":"STARTED"}', id: null }]
 */
export class SseParser {
  private readonly maxLineBytes: number;
  /** Bytes of the current line that began in an earlier chunk, copied. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** True while dropping the rest of an over-long line. */
  private discarding = false;
  private discardedBytes = 0;
  /** The previous chunk ended in CR: an LF at the start of the next chunk belongs to it. */
  private afterCr = false;
  private firstLine = true;
  /** The `data` lines of the event being built, joined with "\n"; null before the first. */
  private data: string | null = null;
  private eventType: string | null = null;
  private lastEventId: string | null = null;

  constructor(options: SseParserOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!(this.maxLineBytes >= 1)) throw new RangeError('maxLineBytes must be at least 1');
  }

  /** Bytes held for the unfinished line: never more than `maxLineBytes`. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** Feed the next chunk; returns the items it completed, in order. */
  push(chunk: Uint8Array): SseItem[] {
    const collector = new ItemCollector();
    this.feed(chunk, collector);
    return collector.items;
  }

  /** Signal end of input; returns what the final, unterminated event completes. */
  end(): SseItem[] {
    const collector = new ItemCollector();
    this.finish(collector);
    return collector.items;
  }

  /** Feed the next chunk; the items it completes go to `sink`, in order. */
  feed(chunk: Uint8Array, sink: SseSink): void {
    const bytes = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const length = bytes.length;
    let start = 0;
    if (this.afterCr && length > 0) {
      this.afterCr = false;
      if (bytes[0] === LF) start = 1;
    }
    // Native searches for the line ends; CRs are rare, so their position is looked up
    // again only after passing the last one found.
    let nextCr = bytes.indexOf(CR, start);
    while (start < length) {
      let end = bytes.indexOf(LF, start);
      if (nextCr !== -1 && nextCr < start) nextCr = bytes.indexOf(CR, start);
      if (nextCr !== -1 && (end === -1 || nextCr < end)) end = nextCr;
      if (end === -1) break;
      this.lineEnded(bytes, start, end, sink);
      if (bytes[end] === CR) {
        if (end + 1 < length) {
          if (bytes[end + 1] === LF) end++;
        } else {
          this.afterCr = true;
        }
      }
      start = end + 1;
    }
    // The unfinished tail must outlive this chunk: copy it.
    if (start < length) this.append(bytes, start, length, sink);
  }

  /** Signal end of input; what the final, unterminated event completes goes to `sink`. */
  finish(sink: SseSink): void {
    if (this.pendingBytes > 0 || this.discarding) this.lineEnded(EMPTY, 0, 0, sink);
    this.afterCr = false;
    this.dispatch(sink);
  }

  /** Keep bytes of an unfinished line, or start discarding it once it crosses the cap. */
  private append(bytes: Buffer, start: number, end: number, sink: SseSink): void {
    const length = end - start;
    if (this.discarding) {
      this.discardedBytes += length;
      return;
    }
    if (this.pendingBytes + length > this.maxLineBytes) {
      // Report as soon as the cap is crossed, not when (or whether) the line ever ends.
      this.discarding = true;
      this.discardedBytes = this.pendingBytes + length;
      this.pending = [];
      this.pendingBytes = 0;
      sink.lineTooLong(this.discardedBytes, this.maxLineBytes);
      return;
    }
    this.pending.push(Buffer.from(bytes.subarray(start, end)));
    this.pendingBytes += length;
  }

  /** A line end at `end`: the line is what is pending plus bytes[start, end). */
  private lineEnded(bytes: Buffer, start: number, end: number, sink: SseSink): void {
    if (this.pendingBytes > 0 || this.discarding) {
      if (end > start) this.append(bytes, start, end, sink);
      if (this.discarding) {
        this.discarding = false;
        this.discardedBytes = 0;
        this.firstLine = false;
        return;
      }
      const line = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      this.processLine(line, 0, line.length, sink);
      return;
    }
    if (end - start > this.maxLineBytes) {
      sink.lineTooLong(end - start, this.maxLineBytes);
      this.firstLine = false;
      return;
    }
    this.processLine(bytes, start, end, sink);
  }

  /** Interpret one complete line, bytes[start, end), decoding only what is kept. */
  private processLine(bytes: Buffer, start: number, end: number, sink: SseSink): void {
    if (this.firstLine) {
      this.firstLine = false;
      if (end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf)
        start += 3;
    }
    if (start === end) {
      this.dispatch(sink);
      return;
    }
    if (bytes[start] === COLON) {
      let from = start + 1;
      if (bytes[from] === SPACE && from < end) from++;
      sink.comment(bytes.toString('utf8', from, end));
      return;
    }
    let colon = bytes.indexOf(COLON, start);
    if (colon === -1 || colon > end) colon = end;
    let valueStart = colon + 1;
    if (valueStart < end && bytes[valueStart] === SPACE) valueStart++;
    if (
      colon - start === 4 &&
      bytes[start] === 0x64 &&
      bytes[start + 1] === 0x61 &&
      bytes[start + 2] === 0x74 &&
      bytes[start + 3] === 0x61
    ) {
      // "data": the one field of every event, recognised without decoding the name.
      const value = valueStart < end ? bytes.toString('utf8', valueStart, end) : '';
      this.data = this.data === null ? value : `${this.data}\n${value}`;
      return;
    }
    const field = bytes.toString('utf8', start, colon);
    const value = valueStart < end ? bytes.toString('utf8', valueStart, end) : '';
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      default:
        // retry and unknown fields carry nothing we use.
        break;
    }
  }

  private dispatch(sink: SseSink): void {
    if (this.data !== null) sink.event(this.eventType, this.data, this.lastEventId);
    this.data = null;
    this.eventType = null;
  }
}

const EMPTY = Buffer.alloc(0);
