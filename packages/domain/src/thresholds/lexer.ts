import { THRESHOLD_OPERATORS } from './vocabulary.js';

/** Kinds of tokens of the threshold language. */
export type TokenKind = 'word' | 'number' | 'operator' | 'open' | 'close' | 'percent' | 'other' | 'end';

/** One token with its 0-based column in the expression. */
export interface Token {
  kind: TokenKind;
  text: string;
  column: number;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?/y;
const SINGLE_CHARACTER: Readonly<Record<string, TokenKind>> = { '(': 'open', ')': 'close', '%': 'percent' };

/**
 * Splits an expression into tokens, ending with an `end` token at the expression's length.
 * Whitespace separates tokens and is otherwise ignored. The lexer never fails: a stray
 * character becomes an `other` token, so that the parser can say what it expected there.
 */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let column = 0;
  while (column < expression.length) {
    const character = expression[column] as string;
    if (/\s/.test(character)) {
      column++;
      continue;
    }
    const single = SINGLE_CHARACTER[character];
    if (single !== undefined) {
      tokens.push({ kind: single, text: character, column });
      column++;
      continue;
    }
    const operator = THRESHOLD_OPERATORS.find((op) => expression.startsWith(op, column));
    if (operator !== undefined) {
      tokens.push({ kind: 'operator', text: operator, column });
      column += operator.length;
      continue;
    }
    const matched = matchAt(NUMBER, expression, column) ?? matchAt(WORD, expression, column);
    if (matched !== null) {
      tokens.push({ kind: /[A-Za-z_]/.test(character) ? 'word' : 'number', text: matched, column });
      column += matched.length;
      continue;
    }
    // A character of no token: the parser reports it with what it expected at that place.
    tokens.push({ kind: 'other', text: character, column });
    column++;
  }
  tokens.push({ kind: 'end', text: '', column: expression.length });
  return tokens;
}

function matchAt(pattern: RegExp, text: string, column: number): string | null {
  pattern.lastIndex = column;
  return pattern.exec(text)?.[0] ?? null;
}
