/** The keywords that constrain numbers and strings. */
import type { PathSegment } from '../path.js';
import { pattern, type Work } from './work.js';

export type Report = (message: string, where?: PathSegment[]) => void;

export function validateNumber(s: Record<string, unknown>, value: number, report: Report): void {
  if (typeof s.minimum === 'number' && value < s.minimum) report(`must be >= ${s.minimum}`);
  if (typeof s.maximum === 'number' && value > s.maximum) report(`must be <= ${s.maximum}`);
  if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) {
    report(`must be > ${s.exclusiveMinimum}`);
  }
  if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) {
    report(`must be < ${s.exclusiveMaximum}`);
  }
  if (typeof s.multipleOf === 'number') {
    const quotient = value / s.multipleOf;
    // Tolerate binary-fraction noise such as 0.3 / 0.1 = 2.9999999999999996.
    if (Math.abs(quotient - Math.round(quotient)) > 1e-9) report(`must be a multiple of ${s.multipleOf}`);
  }
}

export function validateString(s: Record<string, unknown>, value: string, report: Report, work: Work): void {
  const length = [...value].length;
  if (typeof s.minLength === 'number' && length < s.minLength) {
    report(`must be at least ${s.minLength} characters long`);
  }
  if (typeof s.maxLength === 'number' && length > s.maxLength) {
    report(`must be at most ${s.maxLength} characters long`);
  }
  if (typeof s.pattern === 'string') {
    const compiled = pattern(work, s.pattern);
    if (compiled !== null && !compiled.test(value))
      report(`must match the pattern ${JSON.stringify(s.pattern)}`);
  }
}
