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
} from './json-schema.js';
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
