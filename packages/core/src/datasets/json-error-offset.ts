/**
 * Where a JSON text first goes wrong: a small recursive-descent scanner that checks syntax only,
 * for error messages with a line number (JSON.parse's messages do not all carry a position).
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

class SyntaxScan {
  i = 0;
  constructor(private readonly text: string) {}

  private skip(): void {
    while (this.i < this.text.length && WHITESPACE.has(this.text[this.i] as string)) this.i++;
  }

  private fail(): never {
    throw this.i;
  }

  value(): void {
    this.skip();
    const c = this.text[this.i];
    if (c === '{' || c === '[') {
      this.container(c === '{' ? '}' : ']', c === '{');
      return;
    }
    if (c === '"') {
      this.string();
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.i)) {
        this.i += literal.length;
        return;
      }
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!number) this.fail();
    this.i += number[0].length;
  }

  private string(): void {
    this.i++;
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\n') this.fail();
      this.i += c === '\\' ? 2 : 1;
    }
    this.fail();
  }

  private container(close: string, keyed: boolean): void {
    this.i++;
    this.skip();
    if (this.text[this.i] === close) {
      this.i++;
      return;
    }
    for (;;) {
      if (keyed) {
        this.skip();
        if (this.text[this.i] !== '"') this.fail();
        this.string();
        this.skip();
        if (this.text[this.i] !== ':') this.fail();
        this.i++;
      }
      this.value();
      this.skip();
      const c = this.text[this.i];
      if (c === ',') this.i++;
      else if (c === close) {
        this.i++;
        return;
      } else this.fail();
    }
  }
}

/** The 0-based offset of the first syntax error in `text`, or null when it is valid JSON. */
export function jsonErrorOffset(text: string): number | null {
  const scan = new SyntaxScan(text);
  try {
    scan.value();
    const rest = text.slice(scan.i).trim();
    return rest === '' ? null : text.length - text.slice(scan.i).trimStart().length;
  } catch (offset) {
    if (typeof offset === 'number') return Math.min(offset, text.length);
    throw offset;
  }
}
