/**
 * The secret that signs webhook deliveries on the embedded default when
 * TFBENCH_WEBHOOK_SECRET is not set: generated once into the data folder and reused (see
 * ensureDataFolderSecret), so receivers keep verifying across restarts.
 */
import { ensureDataFolderSecret } from '@tfbench/core/secrets';
import type { Logger } from './logger.js';

export const WEBHOOK_SECRET_FILE = 'webhook-secret';

/**
 * @example
 * const secret = ensureWebhookSecret('./data', logger); // 64 hex characters
 */
export function ensureWebhookSecret(dataDir: string, logger: Logger): string {
  return ensureDataFolderSecret(
    dataDir,
    WEBHOOK_SECRET_FILE,
    logger,
    'the webhook signing secret (TFBENCH_WEBHOOK_SECRET unset)',
  );
}
