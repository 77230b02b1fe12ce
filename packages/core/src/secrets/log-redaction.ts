/**
 * Log paths (pino `redact`) that hold credentials should an object carrying them ever be
 * logged whole: an automation's config as written, its sealed column, the credentials a
 * provider receives. Every process logger uses this one list.
 */
export const CREDENTIAL_LOG_PATHS: readonly string[] = [
  'api_key',
  '*.api_key',
  'config.api_key',
  '*.config.api_key',
  'config.headers',
  '*.config.headers',
  'body.config',
  'secrets',
  '*.secrets',
  'credentials',
  '*.credentials',
];
