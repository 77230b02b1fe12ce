import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The dashboard is served next to the API; the proxy route streams `/api/*` itself, so no
  // rewrites here (a rewrite would buffer nothing either, but it cannot drop upstream headers).
  devIndicators: false,
};

export default nextConfig;
