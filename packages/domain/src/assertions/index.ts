/**
 * Goal assertions: the checks a scenario declares on a run (a JSON Schema subset, required
 * paths, equality, containment, safe regular expressions, budgets of duration and steps),
 * validated when the scenario is saved and judged when the run ends. Pure: the regular
 * expressions run on RE2, so no input can make a check take exponential time.
 */
export { jsonEqual, jsonSubset } from './deep-equal.js';
export {
  type AssertionContext,
  type AssertionOutcome,
  type AssertionsEvaluation,
  evaluateAssertions,
  goalSuccess,
} from './evaluate.js';
export {
  findUnsupportedKeywords,
  type JsonSchema,
  MAX_SCHEMA_DEPTH,
  MAX_SCHEMA_NODES,
  type SchemaViolation,
  VALIDATION_WORK_BUDGET,
  validateJsonSchema,
} from './json-schema/index.js';
export {
  formatPath,
  type PathSegment,
  PathSyntaxError,
  parsePath,
  type Resolved,
  resolvePath,
} from './path.js';
export {
  compileSafeRegex,
  MAX_REGEX_INPUT_CHARS,
  RegexSyntaxError,
  regexProblem,
  type SafeRegex,
} from './regex.js';
export {
  type Assertion,
  type AssertionType,
  assertionSchema,
  assertionsSchema,
  containsAssertionSchema,
  equalsAssertionSchema,
  jsonSchemaAssertionSchema,
  maxDurationAssertionSchema,
  maxStepsAssertionSchema,
  regexAssertionSchema,
  requiredPathsAssertionSchema,
} from './schema.js';
