import { AppError } from '../errors/index.js';

/** Machine-readable details of a {@link ThresholdSyntaxError}, e.g. for an API error body. */
export interface ThresholdSyntaxErrorDetails {
  expression: string;
  /** 0-based column of the offending token in `expression`. */
  column: number;
  /** The offending token as written, or `null` at the end of the expression. */
  found: string | null;
  /** What would have been valid at that column, in words. */
  expected: string;
  /** A suggestion such as `did you mean "ttft_ms"?`, when there is one. */
  hint: string | null;
}

/**
 * A threshold expression that does not parse: an {@link AppError} with code
 * `THRESHOLD_SYNTAX_ERROR` (HTTP 400) whose `details` say where (0-based column), what was found
 * and what was expected. The message reads e.g.
 * `expected a comparison operator (<, <=, >, >=, ==, !=) at column 23, found "30000"`;
 * {@link ThresholdSyntaxError.render} adds the expression with a caret under the culprit.
 *
 * @example
 * ```ts
 * try {
 *   parseThreshold('p95(total_duration_ms) 30000');
 * } catch (error) {
 *   if (error instanceof ThresholdSyntaxError) console.log(error.render());
 * }
 * // expected a comparison operator (<, <=, >, >=, ==, !=) at column 23, found "30000"
 * //   p95(total_duration_ms) 30000
 * //                          ^^^^^
 * ```
 */
export class ThresholdSyntaxError extends AppError {
  override readonly name = 'ThresholdSyntaxError';
  declare readonly details: ThresholdSyntaxErrorDetails;

  constructor(details: ThresholdSyntaxErrorDetails) {
    const found = details.found === null ? 'the end of the expression' : JSON.stringify(details.found);
    const hint = details.hint === null ? '' : `; ${details.hint}`;
    super(
      'THRESHOLD_SYNTAX_ERROR',
      400,
      `expected ${details.expected} at column ${details.column}, found ${found}${hint}`,
      { details: { ...details } },
    );
  }

  /** The expression as given. */
  get expression(): string {
    return this.details.expression;
  }

  /** 0-based column of the offending token. */
  get column(): number {
    return this.details.column;
  }

  /** The offending token, or null at the end of the expression. */
  get found(): string | null {
    return this.details.found;
  }

  /**
   * The message, then the expression and a caret line under the offending token, for a
   * terminal or a `<pre>` block. Tabs before the column are kept so the caret stays aligned.
   */
  render(): string {
    const padding = this.expression.slice(0, this.column).replace(/[^\t]/g, ' ');
    const carets = '^'.repeat(Math.max(1, this.found?.length ?? 1));
    return `${this.message}\n  ${this.expression}\n  ${padding}${carets}`;
  }
}
