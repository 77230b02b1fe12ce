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
  type SchemaViolation,
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
