/**
 * Regular expressions from users (regex assertions, JSON Schema `pattern`) run on RE2
 * (re2js, pure JavaScript): matching takes time linear in the input, so a pattern such as
 * `^(a+)+$` cannot hold the process executing a run for seconds per character, as the
 * backtracking engine of `RegExp` would. The price is RE2's syntax: no backreferences and
 * no lookaround; such patterns are refused when the scenario is saved.
 */
import { RE2JS } from 're2js';

/** Longest text a pattern is matched against; longer values fail the assertion instead. */
export const MAX_REGEX_INPUT_CHARS = 1_000_000;

/** A compiled pattern: `test` is linear in the length of its input. */
export interface SafeRegex {
  test(input: string): boolean;
}

/** Why a pattern cannot be used; the message says so in RE2's words. */
export class RegexSyntaxError extends Error {
  override name = 'RegexSyntaxError';
}

const FLAG_BITS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  // RE2 always matches by code point, which is what `u` asks of RegExp.
  u: 0,
};

/**
 * Compile `pattern` with RegExp-style `flags` (i, m, s, u) on RE2. Throws
 * {@link RegexSyntaxError} for a pattern RE2 cannot compile (backreferences, lookaround,
 * broken syntax) or an unknown flag.
 *
 * @example
 * compileSafeRegex('^£\\d+', 'u').test('£42'); // true
 */
export function compileSafeRegex(pattern: string, flags = ''): SafeRegex {
  let bits = 0;
  for (const flag of flags) {
    const bit = FLAG_BITS[flag];
    if (bit === undefined) throw new RegexSyntaxError(`unknown flag "${flag}" (use i, m, s, u)`);
    bits |= bit;
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, bits);
  } catch (error) {
    throw new RegexSyntaxError(
      `not a pattern the linear-time engine (RE2) accepts: ${(error as Error).message}; backreferences and lookaround are not supported`,
    );
  }
  return { test: (input) => compiled.matcher(input).find() };
}

/** The reason `pattern` cannot be compiled, or null when it can. */
export function regexProblem(pattern: string, flags?: string): string | null {
  try {
    compileSafeRegex(pattern, flags);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
