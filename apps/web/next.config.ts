import type { NextConfig } from 'next';

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
};

export default nextConfig;
