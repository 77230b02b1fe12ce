/** Random credentials and their stored form: only SHA-256 digests of tokens reach the database. */
import { createHash, randomBytes } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters of base62, uniformly chosen (rejection sampling avoids modulo bias). */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** A new API key: `tfb_` and 40 base62 characters (~238 bits). */
export function generateApiKey(): string {
  return `tfb_${randomBase62(40)}`;
}

/** The part of a key shown in lists: 8 characters after `tfb_`. */
export function apiKeyPrefix(key: string): string {
  return key.slice(4, 12);
}

/** A session or CSRF token: 32 random bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 in hex: what is stored for session tokens and API keys. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
