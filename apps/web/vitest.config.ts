import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The dashboard's unit and integration tests (its lib modules, the /api proxy against a real
// upstream server, and its form components, rendered in happy-dom against a real loopback
// server: such a file says `// @vitest-environment happy-dom` in its first line). The root
// config leaves apps/web out because Next.js code resolves `@/*` paths; this config maps them.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname, 'src') } },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
