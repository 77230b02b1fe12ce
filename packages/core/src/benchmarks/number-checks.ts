/** Checks of the numeric fields of a benchmark request, each naming its field and bounds. */
import type { IssueList } from '../services/checks.js';

export function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** `field` must be a whole number in [min, max]; `required` when absent is an issue. */
export function checkWhole(
  field: string,
  value: unknown,
  min: number,
  max: number,
  issues: IssueList,
  required: boolean,
): void {
  if (value === undefined || value === null) {
    if (required) issues.add(field, 'is required');
    return;
  }
  if (!isWholeNumber(value) || value < min || value > max) {
    issues.add(field, `must be a whole number from ${min} to ${max}`);
  }
}

/** `field`, when given, must be a number from min to max. */
export function checkBetween(
  field: string,
  value: unknown,
  min: number,
  max: number,
  issues: IssueList,
): void {
  if (value === undefined || value === null) return;
  if (!isFiniteNumber(value) || value < min || value > max)
    issues.add(field, `must be a number from ${min} to ${max}`);
}
