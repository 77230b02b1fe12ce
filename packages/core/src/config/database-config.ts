/**
 * Which database the process opens, and where the embedded one keeps its migrated template:
 * a cache folder shared by every process of this user, so only the first fresh database pays
 * for running the migrations (see db/pglite-template.ts).
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** The environment variables read here; spread into the config's schema. */
export const databaseEnvShape = {
  /** Folder of the migrated PGlite template; `off` opens every fresh database by migrating it. */
  TFBENCH_PGLITE_TEMPLATE_DIR: z.string().min(1, 'must be a folder path or off').optional(),
  XDG_CACHE_HOME: z.string().optional(),
};

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string; templateDir?: string | null }
  | { kind: 'postgres'; url: string };

interface DatabaseEnv {
  DATABASE_URL?: string | undefined;
  TFBENCH_DATA_DIR: string;
  TFBENCH_PGLITE_TEMPLATE_DIR?: string | undefined;
  XDG_CACHE_HOME?: string | undefined;
}

export function databaseConfig(e: DatabaseEnv): DatabaseConfig {
  if (e.DATABASE_URL) return { kind: 'postgres', url: e.DATABASE_URL };
  return { kind: 'pglite', dataDir: path.resolve(e.TFBENCH_DATA_DIR), templateDir: pgliteTemplateDir(e) };
}

/** The template folder: the variable, else the user's cache folder; null when turned off. */
export function pgliteTemplateDir(e: Omit<DatabaseEnv, 'TFBENCH_DATA_DIR'>): string | null {
  if (e.TFBENCH_PGLITE_TEMPLATE_DIR === 'off') return null;
  if (e.TFBENCH_PGLITE_TEMPLATE_DIR) return path.resolve(e.TFBENCH_PGLITE_TEMPLATE_DIR);
  const cache = e.XDG_CACHE_HOME ? e.XDG_CACHE_HOME : path.join(homedir(), '.cache');
  return path.join(cache, 'tfbench');
}
