/**
 * First-load JavaScript of dashboard routes: every script the server-rendered HTML of a route
 * references (the framework, shared chunks and the route's own), gzipped, as the browser
 * downloads it before the page is interactive. Chunks loaded later with `next/dynamic` (the
 * charts) are not counted, as in Next.js's own "First Load JS" figure. Next.js 16 does not
 * print that figure, so this script measures it against a running production server.
 *
 *   npx tsx apps/web/scripts/first-load-js.ts [--base http://localhost:3000] [--routes /,/runs]
 */
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://localhost:3000' },
    routes: { type: 'string', default: '/,/runs,/runs/1,/scenarios,/automations,/benchmarks,/alerts' },
  },
});
const base = values.base.replace(/\/+$/, '');

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/**
 * Script URLs of a page's <script src> tags. `noModule` scripts (Next.js's legacy polyfills)
 * are left out: browsers that run modules never download them.
 */
function scriptUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*>/g)) {
    const tag = match[0];
    if (/\bnomodule\b/i.test(tag)) continue;
    const src = /\bsrc="([^"]+\.js[^"]*)"/.exec(tag)?.[1];
    if (src) urls.add(src);
  }
  return [...urls];
}

const gzCache = new Map<string, number>();
async function gzipBytes(url: string): Promise<number> {
  const cached = gzCache.get(url);
  if (cached !== undefined) return cached;
  const body = await text(new URL(url, base).toString());
  const size = gzipSync(body, { level: 9 }).length;
  gzCache.set(url, size);
  return size;
}

async function main() {
  for (const route of values.routes.split(',')) {
    const html = await text(`${base}${route}`);
    const urls = scriptUrls(html);
    let total = 0;
    for (const url of urls) total += await gzipBytes(url);
    process.stdout.write(
      `${route.padEnd(16)} ${(total / 1024).toFixed(1).padStart(7)} KB gzipped in ${urls.length} scripts\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
