import { DATASET_LIMITS } from './limits.js';
import { fileError } from './parse-error.js';

/** What a line-by-line parser is fed: text as it arrives, then the end of the file. */
export interface TextSink {
  push(text: string): void;
  end(): void;
  /** The 1-based line being read, for errors found outside the text (the byte limit). */
  readonly line: number;
}

/**
 * Splits text that arrives in pieces into lines, calling `onLine(text, line)` for each (1-based,
 * "\r\n" and "\n" both end a line, the "\r" is dropped; a last line without "\n" counts too).
 * A line keeps at most `maxLineLength` characters in memory: one that grows past it is read on
 * to its end without being kept, then refused with its number. Reading on (rather than stopping)
 * lets a file that is also over the byte limit be refused for its size, the more useful answer.
 *
 * @example
 * const lines: string[] = [];
 * const splitter = createLineSplitter((text) => lines.push(text));
 * splitter.push('a\r\nb'); splitter.push('c\n'); splitter.end(); // lines: ['a', 'bc']
 */
export function createLineSplitter(
  onLine: (text: string, line: number) => void,
  maxLineLength: number = DATASET_LIMITS.maxLineLength,
): TextSink {
  let pending = '';
  let overlong = false;
  let line = 1;
  let ended = false;

  const finish = (text: string) => {
    const content = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (overlong || content.length > maxLineLength)
      throw fileError(line, `longer than ${maxLineLength} characters`);
    onLine(content, line);
    line++;
  };
  const keep = (text: string) => {
    if (overlong) return;
    // One more than the limit: a "\r" ending an exactly full line is not yet known to be one.
    if (pending.length + text.length > maxLineLength + 1) {
      overlong = true;
      pending = '';
    } else pending += text;
  };

  return {
    get line() {
      return line;
    },
    push(text: string) {
      let start = 0;
      for (;;) {
        const end = text.indexOf('\n', start);
        if (end === -1) break;
        keep(text.slice(start, end));
        const whole = pending;
        pending = '';
        finish(whole);
        overlong = false;
        start = end + 1;
      }
      keep(text.slice(start));
    },
    end() {
      if (ended) return;
      ended = true;
      if (pending !== '' || overlong) finish(pending);
    },
  };
}
