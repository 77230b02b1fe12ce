/** The budget one validation spends and the patterns it compiles (each once). */
import { compileSafeRegex, type SafeRegex } from '../regex.js';

/** The steps one validation has left, and the patterns it compiled (each once). */
export interface Work {
  left: number;
  patterns: Map<string, SafeRegex | null>;
}

export class BudgetExhausted extends Error {}

export function spend(work: Work): void {
  work.left -= 1;
  if (work.left < 0) throw new BudgetExhausted();
}

export function pattern(work: Work, source: string): SafeRegex | null {
  if (!work.patterns.has(source)) {
    let compiled: SafeRegex | null = null;
    try {
      compiled = compileSafeRegex(source, 'u');
    } catch {
      // Refused at save time; a stored schema from before that check constrains nothing here.
    }
    work.patterns.set(source, compiled);
  }
  return work.patterns.get(source) ?? null;
}
