/**
 * A small JSON Schema (draft-07) validator for the subset result schemas use in practice.
 * Written here rather than pulling in a general validator because the subset is small,
 * and because a keyword we do not implement must fail loudly at scenario creation
 * ({@link findUnsupportedKeywords}) instead of silently passing every result.
 *
 * Validated keywords: type (incl. integer and type arrays), enum, const, properties,
 * required, additionalProperties (boolean or schema), minProperties, maxProperties, items
 * (one schema or a tuple), minItems, maxItems, uniqueItems, contains, minimum, maximum,
 * exclusiveMinimum, exclusiveMaximum (draft-07 numeric form), multipleOf, minLength,
 * maxLength (in code points), pattern (RE2 syntax, linear time: ../regex.ts), allOf, anyOf, oneOf, not,
 * and the boolean schemas true/false. Annotations (title, description, default, examples,
 * $schema, $id, $comment, format, readOnly, writeOnly) are accepted and ignored, as the
 * draft allows for format.
 *
 * Both halves are bounded, because schemas and results come from users and upstreams: a
 * schema may be at most {@link MAX_SCHEMA_DEPTH} levels deep and {@link MAX_SCHEMA_NODES}
 * JSON values large (refused at save time), and one validation spends at most
 * {@link VALIDATION_WORK_BUDGET} steps (a step is one value checked against one subschema, or
 * one pair compared for uniqueItems) before it stops with a violation saying so.
 */
export { findUnsupportedKeywords } from './find-unsupported.js';
export { MAX_SCHEMA_DEPTH, MAX_SCHEMA_NODES, VALIDATION_WORK_BUDGET } from './limits.js';
export type { JsonSchema, SchemaViolation } from './types.js';
export { validateJsonSchema } from './validate.js';
