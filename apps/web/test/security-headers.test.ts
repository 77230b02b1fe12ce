/**
 * The headers every dashboard response carries (next.config.ts): a CSP that forbids framing
 * and foreign scripts while letting Next.js's inline scripts run, nosniff and a referrer
 * policy. The e2e suite checks in Chromium that pages load under them without console errors.
 */
import { describe, expect, it } from 'vitest';
import nextConfig from '../next.config';

async function headersOfEveryPage(): Promise<Map<string, string>> {
  const rules = (await nextConfig.headers?.()) ?? [];
  const everyPage = rules.find((rule) => rule.source === '/:path*');
  expect(everyPage, 'a rule for every path').toBeDefined();
  return new Map(everyPage?.headers.map(({ key, value }) => [key.toLowerCase(), value]));
}

describe('dashboard security headers', () => {
  it('forbid framing, sniffing and foreign scripts, and trim referrers', async () => {
    const headers = await headersOfEveryPage();
    const csp = headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp.split(';').map((part) => {
        const [name = '', ...values] = part.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(headers.get('x-frame-options')).toBe('DENY');
  });
});
