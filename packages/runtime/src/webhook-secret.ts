/**
 * The secret that signs webhook deliveries on the embedded default when
 * TFBENCH_WEBHOOK_SECRET is not set: generated once into the data folder (mode 0600, readable
 * by its owner only) and reused, so receivers keep verifying across restarts. Its location is
 * logged; its value never is.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger.js';

export const WEBHOOK_SECRET_FILE = 'webhook-secret';

/**
 * @example
 * const secret = ensureWebhookSecret('./data', logger); // 64 hex characters
 */
export function ensureWebhookSecret(dataDir: string, logger: Logger): string {
  const file = path.join(dataDir, WEBHOOK_SECRET_FILE);
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
  logger.info({ file }, 'generated the webhook signing secret (TFBENCH_WEBHOOK_SECRET unset)');
  return secret;
}
