/**
 * The skip-or-fail rule every service-backed test follows: on a developer's machine a missing
 * PostgreSQL or Redis skips its tests with a warning; under `CI=true` it fails the file, so CI
 * never goes green by silently running nothing.
 */

/** True when running under CI (`CI=true`), where a missing service must fail, never skip. */
export function isCi(): boolean {
  return process.env.CI === 'true';
}

/**
 * Report that `service` cannot be reached: throws under `CI=true`, otherwise warns and
 * returns false so the caller can skip its suite.
 */
export function skipOrFailUnavailable(service: string, message: string): false {
  if (isCi()) throw new Error(`${message}. With CI=true the ${service} tests must run, not be skipped.`);
  console.warn(`[tfbench testing] ${message}. Skipping the ${service} tests of this file.`);
  return false;
}

/** The URL with any password masked, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
