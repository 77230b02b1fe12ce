/**
 * Save-time checks of the rules a scenario or benchmark carries: threshold expressions and
 * assertions. A rule that cannot be evaluated is refused when it is written, naming its index
 * and the reason, because stored it would fail every run (assertions) or every benchmark at
 * its end (thresholds) with a message about something else.
 */
import { assertionSchema, regexProblem } from '@tfbench/domain/assertions';
import { parseThreshold, ThresholdSyntaxError } from '@tfbench/domain/thresholds';
import { MAX_THRESHOLD_LENGTH } from '@tfbench/domain/vocabulary';
import { type IssueList, isPlainObject } from './checks.js';

export { MAX_THRESHOLD_LENGTH };

const ASSERTION_TYPES = assertionSchema.options.map((option) => option.shape.type.value);

/**
 * Each threshold must be a string that parses; an issue per bad element (`thresholds.<i>`)
 * carries the parser's message (where, what was found, what was expected).
 */
export function checkThresholdList(field: string, value: unknown, issues: IssueList, maxItems: number): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    issues.add(field, 'must be an array of threshold expressions');
    return;
  }
  if (value.length > maxItems) {
    issues.add(field, `must hold at most ${maxItems} expressions`);
    return;
  }
  value.forEach((expression, index) => {
    const item = `${field}.${index}`;
    if (typeof expression !== 'string') {
      issues.add(item, 'must be a string such as "p95(total_duration_ms) < 30000"');
      return;
    }
    if (expression.length > MAX_THRESHOLD_LENGTH) {
      issues.add(item, `must be at most ${MAX_THRESHOLD_LENGTH} characters`);
      return;
    }
    try {
      parseThreshold(expression);
    } catch (error) {
      if (error instanceof ThresholdSyntaxError) issues.add(item, error.message);
      else throw error;
    }
  });
}

/**
 * Each assertion must be an object of a known `type` with that type's fields (docs/metrics.md);
 * a regex must compile. Issues name the element and, where there is one, its field
 * (`assertions.2.pattern`).
 */
export function checkAssertionList(field: string, value: unknown, issues: IssueList): void {
  if (!Array.isArray(value)) return;
  value.forEach((assertion, index) => {
    const item = `${field}.${index}`;
    if (!isPlainObject(assertion)) {
      issues.add(item, `must be an object with a "type" (${ASSERTION_TYPES.join(', ')})`);
      return;
    }
    if (typeof assertion.type !== 'string' || !ASSERTION_TYPES.includes(assertion.type as never)) {
      issues.add(`${item}.type`, `must be one of ${ASSERTION_TYPES.join(', ')}`);
      return;
    }
    const parsed = assertionSchema.safeParse(assertion);
    if (parsed.success) return;
    const fields = new Set<string>();
    for (const issue of parsed.error.issues) {
      const path = issue.path.length > 0 ? `${item}.${issue.path.map(String).join('.')}` : item;
      fields.add(path);
      issues.add(path, issue.message);
    }
    // The schema compiles the pattern only once the rest is valid; say both at once.
    const pattern = `${item}.pattern`;
    if (assertion.type === 'regex' && typeof assertion.pattern === 'string' && !fields.has(pattern)) {
      const problem = regexProblem(
        assertion.pattern,
        typeof assertion.flags === 'string' ? assertion.flags : undefined,
      );
      if (problem) issues.add(pattern, problem);
    }
  });
}
