import type { NextConfig } from 'next';

const development = process.env.NODE_ENV === 'development';

/**
 * The dashboard's Content Security Policy. Next.js streams the page's data in inline
 * `<script>` tags and React sets inline styles, so both need 'unsafe-inline' (nonces would
 * make every page dynamic); everything else comes from this origin: the API through the
 * `/api/*` proxy, so `connect-src 'self'`. A run's live browser view is an iframe of the
 * provider's streaming URL (sandboxed), wherever it is served. `npm run dev` also needs eval
 * and its hot-reload socket.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${development ? ' ws: wss:' : ''}`,
  "frame-src 'self' https: http:",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy },
  // For browsers that predate frame-ancestors.
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Links to other sites (a run's streaming URL, docs) get the origin only, never a path.
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The API's wire contract is a workspace package shipped as TypeScript source: compile it
  // with the app (and bundle it into the server build, which keeps other packages external).
  transpilePackages: ['@tfbench/contract'],
  // The dashboard is served next to the API; the proxy route streams `/api/*` itself, so no
  // rewrites here (a rewrite would buffer nothing either, but it cannot drop upstream headers).
  devIndicators: false,
  // `npm run dev` answers at http://127.0.0.1:3000 as well as http://localhost:3000; without
  // this, Next.js refuses the dev assets and the hot-reload socket to the other address.
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
