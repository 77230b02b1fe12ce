/**
 * AES-256-GCM envelopes for credentials stored in the database. An envelope is one string:
 *
 *   v1:<key id>:<iv>:<tag>:<ciphertext>     (iv, tag and ciphertext in base64url)
 *
 * The version says how to read the rest; the key id says which key sealed it, so a rotation
 * can tell what it still has to re-encrypt and a wrong key is named as such instead of being
 * reported as corruption. Each seal draws a fresh 96-bit IV (the size GCM is specified for).
 * The caller's `context` is authenticated but not stored (GCM's additional data): an envelope
 * opens only where it was sealed (this automation, this field), so copying one into another
 * row or field fails the tag check rather than handing the credential to someone else.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretKey } from './secret-key.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** An envelope that cannot be opened: wrong key, tampered or corrupted, or not an envelope. */
export class SecretUnreadableError extends Error {
  override readonly name = 'SecretUnreadableError';
}

export class SecretBox {
  private readonly byId: Map<string, SecretKey>;

  /**
   * `current` seals; `current` and every key of `previous` open (a rotation opens with the
   * old key and seals with the new one).
   */
  constructor(
    readonly current: SecretKey,
    previous: readonly SecretKey[] = [],
  ) {
    this.byId = new Map([...previous, current].map((key) => [key.id, key]));
  }

  /**
   * @example
   * const envelope = box.seal('sk-live-...', 'automation:7:api_key'); // 'v1:3f9a0c1e:...'
   */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.current.id, b64(iv), b64(tag), b64(ciphertext)].join(':');
  }

  /** The plaintext; SecretUnreadableError when the envelope is not one this box can open. */
  open(envelope: string, context: string): string {
    const parts = envelope.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION) {
      throw new SecretUnreadableError(`not a ${VERSION} secret envelope`);
    }
    const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    const key = this.byId.get(keyId);
    if (!key) {
      throw new SecretUnreadableError(
        `sealed with key ${keyId}, but TFBENCH_SECRET_KEY is key ${this.current.id}: set the key it was sealed with, or rotate (npm run secrets:rotate -- --from-key-file <old key>)`,
      );
    }
    const tagBytes = Buffer.from(tag, 'base64url');
    const ivBytes = Buffer.from(iv, 'base64url');
    if (tagBytes.length !== TAG_BYTES || ivBytes.length !== IV_BYTES) {
      throw new SecretUnreadableError('the envelope is corrupted (bad IV or tag length)');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretUnreadableError(
        'the envelope failed its integrity check: it was altered, corrupted, or moved from another field',
      );
    }
  }

  /** True when `envelope` was sealed with the current key (a rotation skips it). */
  isCurrent(envelope: string): boolean {
    return envelope.startsWith(`${VERSION}:${this.current.id}:`);
  }
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
