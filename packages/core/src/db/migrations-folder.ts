import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the migrations live, found from this module's own location rather than the working
 * directory, so `npm run migrate`, the API and the tests agree wherever they are started.
 * Two layouts: the sources (`packages/core/src/db/` -> `packages/core/drizzle`) and a
 * bundle (`dist/<app>/main.js` with the folder copied beside it by scripts/build.mjs).
 */
export const DEFAULT_MIGRATIONS_FOLDER = locateMigrations([
  new URL('./drizzle', import.meta.url),
  new URL('../../drizzle', import.meta.url),
]);

function locateMigrations(candidates: URL[]): string {
  const folders = candidates.map((url) => fileURLToPath(url));
  const found = folders.find((folder) => existsSync(path.join(folder, 'meta', '_journal.json')));
  // When neither exists, name the source layout: readJournal's error then shows where it looked.
  return found ?? folders[folders.length - 1]!;
}
