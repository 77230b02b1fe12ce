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

export interface SseParserOptions {
  /** Longest line kept, in bytes, without its line end. Default 1 MiB. */
  maxLineBytes?: number;
}

/** Default line-length cap: far above any real event, far below a memory problem. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/**
 * @example
 * const parser = new SseParser();
 * parser.push(Buffer.from('data: {"type":"STA'));
 * parser.push(Buffer.from('RTED"}\n\n')); // [{ kind: 'event', type: null, data: '{"type":"STARTED"}', id: null }]
 */
export class SseParser {
  private readonly maxLineBytes: number;
  /** Bytes of the current, unfinished line, as received. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** True while dropping the rest of an over-long line. */
  private discarding = false;
  private discardedBytes = 0;
  /** The previous chunk ended in CR: an LF at the start of the next chunk belongs to it. */
  private afterCr = false;
  private firstLine = true;
  private dataLines: string[] = [];
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
    const out: SseItem[] = [];
    const bytes = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    let i = 0;
    if (this.afterCr && bytes.length > 0) {
      this.afterCr = false;
      if (bytes[0] === LF) {
        start = 1;
        i = 1;
      }
    }
    for (; i < bytes.length; i++) {
      const b = bytes[i];
      if (b !== LF && b !== CR) continue;
      this.appendToLine(bytes, start, i, out, false);
      this.finishLine(out);
      if (b === CR) {
        if (i + 1 < bytes.length) {
          if (bytes[i + 1] === LF) i++;
        } else {
          this.afterCr = true;
        }
      }
      start = i + 1;
    }
    // The unfinished tail must outlive this chunk: copy it.
    this.appendToLine(bytes, start, bytes.length, out, true);
    return out;
  }

  /** Signal end of input; returns what the final, unterminated event completes. */
  end(): SseItem[] {
    const out: SseItem[] = [];
    if (this.pendingBytes > 0 || this.discarding) this.finishLine(out);
    this.afterCr = false;
    this.dispatch(out);
    return out;
  }

  private appendToLine(bytes: Buffer, start: number, end: number, out: SseItem[], copy: boolean): void {
    const length = end - start;
    if (length <= 0) return;
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
      out.push({ kind: 'line_too_long', bytes: this.discardedBytes, limit: this.maxLineBytes });
      return;
    }
    const view = bytes.subarray(start, end);
    this.pending.push(copy ? Buffer.from(view) : view);
    this.pendingBytes += length;
  }

  /** The current line just ended: decode and interpret it (a discarded line is skipped). */
  private finishLine(out: SseItem[]): void {
    if (this.discarding) {
      this.discarding = false;
      this.discardedBytes = 0;
      this.firstLine = false;
      return;
    }
    let line =
      this.pending.length === 1
        ? (this.pending[0] as Buffer).toString('utf8')
        : Buffer.concat(this.pending, this.pendingBytes).toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    if (this.firstLine) {
      this.firstLine = false;
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    }
    this.processLine(line, out);
  }

  private processLine(line: string, out: SseItem[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 0x3a /* : */) {
      out.push({ kind: 'comment', text: line.slice(1).replace(/^ /, '') });
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case 'data':
        this.dataLines.push(value);
        break;
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

  private dispatch(out: SseItem[]): void {
    if (this.dataLines.length > 0) {
      out.push({
        kind: 'event',
        type: this.eventType,
        data: this.dataLines.join('\n'),
        id: this.lastEventId,
      });
    }
    this.dataLines = [];
    this.eventType = null;
  }
}
