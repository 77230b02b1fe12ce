/** Secret boxes for tests: each under a fresh random key, so no two tests share one. */
import { randomBytes } from 'node:crypto';
import { parseSecretKey, SecretBox } from '../secrets/index.js';

/** A secret box under a new random 32-byte key (none to open older secrets with). */
export function newSecretBox(): SecretBox {
  return new SecretBox(parseSecretKey(randomBytes(32).toString('hex')));
}
