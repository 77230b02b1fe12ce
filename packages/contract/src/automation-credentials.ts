/**
 * The credential fields of an automation's `config`: write-only on the way in (`api_key`, the
 * values of `headers`), reported as set or not on the way out (`api_key_set`, `headers_set`).
 * The server encrypts them at rest and never returns, logs or exports them.
 */
import { z } from 'zod';

export const API_KEY_MAX_LENGTH = 4_096;
export const HEADER_VALUE_MAX_LENGTH = 8_192;
export const HEADERS_MAX = 32;

/** Printable ASCII: both travel in an HTTP header upstream. */
const headerSafe = /^[\t\x20-\x7e]*$/;
const headerSafeMessage = 'must be printable ASCII (no line breaks or control characters)';

/** Written into `config` on create and update; omitted keeps, null clears, a value replaces. */
export const credentialConfigWrite = {
  api_key: z
    .string()
    .min(1, 'must not be empty (null clears it)')
    .max(API_KEY_MAX_LENGTH)
    .regex(headerSafe, headerSafeMessage)
    .nullable()
    .optional()
    .meta({
      description:
        'The upstream API key. Write-only: stored encrypted, never returned (see api_key_set). Omit to keep, null to clear.',
      writeOnly: true,
    }),
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be the name of an environment variable')
    .nullable()
    .optional()
    .meta({
      description:
        "Instead of api_key: the name of a server environment variable holding the key; it must be listed in the server's TFBENCH_UPSTREAM_KEY_ENVS.",
    }),
  headers: z
    .record(
      z.string().max(128),
      z.string().min(1).max(HEADER_VALUE_MAX_LENGTH).regex(headerSafe, headerSafeMessage).nullable(),
    )
    .nullable()
    .optional()
    .meta({
      description:
        'Extra upstream request headers; every value is secret (write-only, encrypted). A name set to null removes that header, names left out are kept; null removes them all.',
      writeOnly: true,
    }),
  // Read-only: accepted and ignored, so that an automation read with GET can be sent back as is.
  api_key_set: z
    .boolean()
    .optional()
    .meta({ description: 'Read-only; ignored when written.', readOnly: true }),
  headers_set: z
    .array(z.string().max(128))
    .max(HEADERS_MAX)
    .optional()
    .meta({ description: 'Read-only; ignored when written.', readOnly: true }),
};

/** What responses carry in `config` instead of the credentials. */
export const credentialConfigRead = {
  api_key_set: z
    .boolean()
    .meta({ description: 'Whether an API key is stored (its value is never returned).' }),
  headers_set: z
    .array(z.string())
    .meta({ description: 'Names of the stored extra headers, sorted (their values are never returned).' }),
};
