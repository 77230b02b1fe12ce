/**
 * Secrets the embedded default generates for itself when the environment gives none: written
 * once into the data folder (mode 0600, readable by its owner only) and reused on every start,
 * so what they sealed or signed stays valid across restarts. Their location is logged; their
 * values never are.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The logger's one method this needs (pino's `info`). */
export interface SecretFileLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

/**
 * The secret stored in `dataDir/fileName`, created (32 random bytes, hex) when missing.
 * `purpose` is only for the log line, e.g. "the webhook signing secret (TFBENCH_WEBHOOK_SECRET unset)".
 *
 * @example
 * const secret = ensureDataFolderSecret('./data', 'secret-key', logger, 'the secret key'); // 64 hex characters
 */
export function ensureDataFolderSecret(
  dataDir: string,
  fileName: string,
  logger: SecretFileLogger,
  purpose: string,
): string {
  const file = path.join(dataDir, fileName);
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 16) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  // 'wx': if another process created it meanwhile, read theirs instead of overwriting it.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  logger.info({ file }, `generated ${purpose}`);
  return secret;
}
