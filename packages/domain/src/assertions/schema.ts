/**
 * The shape of a scenario's `assertions`: checks on a completed run's result and timing that
 * decide goal success (docs/metrics.md). The API validates scenarios with these schemas, so
 * a typo in a path, a broken regex or an unsupported JSON Schema keyword is a 400 when the
 * scenario is saved, not a silent failure on every run.
 */
import { z } from 'zod';
import { findUnsupportedKeywords } from './json-schema/index.js';
import { parsePath } from './path.js';
import { regexProblem } from './regex.js';

const path = z
  .string()
  .max(1000)
  .superRefine((value, ctx) => {
    try {
      parsePath(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  })
  .describe('Dot/bracket path into the result, e.g. "products[0].name"; "" or "$" is the result itself');

const label = z.string().max(200).optional().describe('Optional name shown with the outcome');

const jsonSchema = z.union([z.boolean(), z.record(z.string(), z.unknown())]).superRefine((value, ctx) => {
  for (const problem of findUnsupportedKeywords(value)) ctx.addIssue({ code: 'custom', message: problem });
});

export const jsonSchemaAssertionSchema = z.strictObject({
  type: z.literal('json_schema'),
  name: label,
  /** Defaults to the run's `output_schema` input when omitted. */
  schema: jsonSchema.optional(),
  /** Validate the value at this path instead of the whole result. */
  path: path.optional(),
});

export const requiredPathsAssertionSchema = z.strictObject({
  type: z.literal('required_paths'),
  name: label,
  paths: z.array(path).min(1),
});

export const equalsAssertionSchema = z.strictObject({
  type: z.literal('equals'),
  name: label,
  path,
  value: z.unknown().refine((v) => v !== undefined, 'value is required'),
});

export const containsAssertionSchema = z.strictObject({
  type: z.literal('contains'),
  name: label,
  path,
  value: z.unknown().refine((v) => v !== undefined, 'value is required'),
});

export const regexAssertionSchema = z
  .strictObject({
    type: z.literal('regex'),
    name: label,
    path,
    pattern: z.string().min(1).max(2000),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'flags may only combine i, m, s and u')
      .optional(),
  })
  .superRefine((value, ctx) => {
    const problem = regexProblem(value.pattern, value.flags);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
  });

export const maxDurationAssertionSchema = z.strictObject({
  type: z.literal('max_duration_ms'),
  name: label,
  max: z.number().nonnegative(),
});

export const maxStepsAssertionSchema = z.strictObject({
  type: z.literal('max_steps'),
  name: label,
  max: z.number().int().nonnegative(),
});

/**
 * One assertion, discriminated by `type`.
 *
 * @example
 * assertionSchema.parse({ type: 'regex', path: 'products[0].price', pattern: '^£\\d+' });
 */
export const assertionSchema = z.discriminatedUnion('type', [
  jsonSchemaAssertionSchema,
  requiredPathsAssertionSchema,
  equalsAssertionSchema,
  containsAssertionSchema,
  regexAssertionSchema,
  maxDurationAssertionSchema,
  maxStepsAssertionSchema,
]);

/** A scenario's list of assertions. */
export const assertionsSchema = z.array(assertionSchema).max(100);

export type Assertion = z.infer<typeof assertionSchema>;
export type AssertionType = Assertion['type'];
