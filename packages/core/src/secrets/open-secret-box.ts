/**
 * The SecretBox of a process: from TFBENCH_SECRET_KEY when set; on the embedded default
 * (PGlite in a data folder) from a key generated once into that folder; for an in-memory
 * database (tests) a random key that lives as long as the database does. A PostgreSQL
 * deployment without the variable gets none: it runs, but refuses to store credentials
 * (each process of such a deployment would otherwise generate a different key).
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.js';
import { IN_MEMORY_PGLITE } from '../db/database.js';
import { ensureDataFolderSecret, type SecretFileLogger } from './data-folder-secret.js';
import { SecretBox } from './secret-box.js';
import { parseSecretKey } from './secret-key.js';

/** The generated key's file in the data folder. */
export const SECRET_KEY_FILE = 'secret-key';

export function openSecretBox(
  config: Pick<Config, 'database' | 'secrets'>,
  logger: SecretFileLogger & { warn(message: string): void },
): SecretBox | undefined {
  if (config.secrets.key !== undefined) return new SecretBox(parseSecretKey(config.secrets.key));
  const { database } = config;
  if (database.kind === 'postgres') {
    logger.warn(
      'TFBENCH_SECRET_KEY is unset: automations cannot store credentials (api_key, headers) until it is set (see docs/security.md)',
    );
    return undefined;
  }
  const text =
    database.dataDir === IN_MEMORY_PGLITE
      ? randomBytes(32).toString('hex')
      : ensureDataFolderSecret(
          database.dataDir,
          SECRET_KEY_FILE,
          logger,
          'the key that encrypts automation credentials (TFBENCH_SECRET_KEY unset)',
        );
  return new SecretBox(parseSecretKey(text));
}
