/**
 * The key that encrypts automation credentials at rest, from `TFBENCH_SECRET_KEY` (or the file
 * the embedded default generates). Three spellings are accepted, tried in this order:
 * - 64 hexadecimal characters: the 32 key bytes themselves;
 * - base64 (or base64url) that decodes to exactly 32 bytes, such as `openssl rand -base64 32`
 *   or the value Render's `generateValue` produces;
 * - any other string of at least 32 characters: a passphrase, stretched to 32 bytes with
 *   HKDF-SHA256. HKDF, not a password hash: a key this long is not guessable, and a slow hash
 *   would only slow every process start.
 */
import { createHash, hkdfSync } from 'node:crypto';

export const SECRET_KEY_BYTES = 32;
export const SECRET_KEY_MIN_PASSPHRASE = 32;

/** Fixed HKDF inputs: changing either changes every derived key, so they never change. */
const HKDF_SALT = 'tfbench-secret-key';
const HKDF_INFO = 'tfbench automation credentials v1';

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{42,44}={0,2}$/;

/** A usable key: its bytes and a short id stored with each envelope, so rotation knows which key sealed it. */
export interface SecretKey {
  readonly id: string;
  readonly bytes: Buffer;
}

/** Why `text` is not a usable secret key, or null when it is. One line, never quoting the value. */
export function secretKeyProblem(text: string): string | null {
  if (HEX_KEY.test(text) || decodesTo32Bytes(text)) return null;
  if (text.length >= SECRET_KEY_MIN_PASSPHRASE) return null;
  return `must be 64 hex characters, base64 of 32 bytes (openssl rand -base64 32), or a passphrase of at least ${SECRET_KEY_MIN_PASSPHRASE} characters`;
}

/**
 * @example
 * const key = parseSecretKey(config.secrets.key); // { id: '3f9a0c1e', bytes: <32 bytes> }
 */
export function parseSecretKey(text: string): SecretKey {
  const trimmed = text.trim();
  const problem = secretKeyProblem(trimmed);
  if (problem !== null) throw new Error(`TFBENCH_SECRET_KEY ${problem}`);
  let bytes: Buffer;
  if (HEX_KEY.test(trimmed)) bytes = Buffer.from(trimmed, 'hex');
  else if (decodesTo32Bytes(trimmed)) bytes = Buffer.from(trimmed, 'base64');
  else bytes = Buffer.from(hkdfSync('sha256', trimmed, HKDF_SALT, HKDF_INFO, SECRET_KEY_BYTES));
  return { id: keyIdOf(bytes), bytes };
}

/**
 * Eight hex characters of a hash of the key: enough to tell keys apart in an envelope, and
 * 32 bits of a SHA-256 say nothing usable about a 256-bit key.
 */
function keyIdOf(bytes: Buffer): string {
  return createHash('sha256').update('tfbench-key-id:').update(bytes).digest('hex').slice(0, 8);
}

function decodesTo32Bytes(text: string): boolean {
  return BASE64_KEY.test(text) && Buffer.from(text, 'base64').length === SECRET_KEY_BYTES;
}
