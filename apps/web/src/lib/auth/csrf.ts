/**
 * The double-submit CSRF token: the API sets the readable cookie `tfbench_csrf` at sign-in and
 * wants it back in `X-CSRF-Token` on every cookie-authenticated write. A page of another site
 * can make the browser send the cookie, but cannot read it to copy it into the header.
 */

export const CSRF_COOKIE = 'tfbench_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The value of cookie `name` in a `document.cookie` string, or undefined.
 *
 * @example
 * readCookie('a=1; tfbench_csrf=xyz', 'tfbench_csrf'); // 'xyz'
 */
export function readCookie(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

/** The header to add to a write, or none when there is no token (signed out, or auth off). */
export function csrfHeaders(method: string, cookies: string): Record<string, string> {
  if (method === 'GET' || method === 'HEAD') return {};
  const token = readCookie(cookies, CSRF_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}
