/**
 * Where to go after signing in. The `?next=` parameter comes from the address bar, so anyone
 * can craft it: only a path of this site is followed, never another origin (an open redirect
 * would let a phishing link land on a look-alike site right after a real sign-in).
 */

/** Pages that must not be a destination after signing in: they would loop. */
const AUTH_PAGES = ['/sign-in', '/setup'];

/** The page a visitor lands on when `next` is absent or refused. */
export const HOME = '/';

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

/**
 * `raw` when it is a same-origin relative path, else `/`.
 *
 * @example
 * safeNextPath('/runs?status=failed'); // '/runs?status=failed'
 * safeNextPath('//evil.example/'); // '/'
 * safeNextPath('https://evil.example/'); // '/'
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw?.startsWith('/')) return HOME;
  // `//host` and `/\host` are protocol-relative to browsers; browsers drop tabs and newlines
  // from a URL, so `/\t/host` is one too.
  if (raw.includes('\\') || /^\/\//.test(raw) || hasControlCharacter(raw)) return HOME;
  const base = 'http://tfbench.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return HOME;
  }
  if (url.origin !== base) return HOME;
  if (AUTH_PAGES.some((page) => url.pathname === page || url.pathname.startsWith(`${page}/`))) return HOME;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * The address of an auth page that returns to `current` afterwards.
 *
 * @example
 * authPageHref('/sign-in', '/runs?status=failed'); // '/sign-in?next=%2Fruns%3Fstatus%3Dfailed'
 */
export function authPageHref(page: '/sign-in' | '/setup', current: string): string {
  const next = safeNextPath(current);
  return next === HOME ? page : `${page}?next=${encodeURIComponent(next)}`;
}

/** Whether `pathname` is one of the pages shown without signing in. */
export function isAuthPage(pathname: string): boolean {
  return AUTH_PAGES.includes(pathname);
}
