import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The dashboard's unit and integration tests (its lib modules and the /api proxy against a real
// upstream server). The root config leaves apps/web out because Next.js code resolves `@/*`
// paths; this config maps them.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname, 'src') } },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
