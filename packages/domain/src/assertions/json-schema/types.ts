/** The shapes of the JSON Schema validator's input and output. */

/** A JSON Schema: an object of keywords or a boolean schema. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** One reason a value does not match; `path` is where in the value (dot/bracket notation). */
export interface SchemaViolation {
  path: string;
  message: string;
}
