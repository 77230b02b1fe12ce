/** The key's accepted spellings and the AES-256-GCM envelope: round trip, tampering, wrong keys. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { parseSecretKey, SecretBox, SecretUnreadableError, secretKeyProblem } from '../src/secrets/index.js';

const hexKey = randomBytes(32).toString('hex');
const otherKey = randomBytes(32).toString('base64');

describe('TFBENCH_SECRET_KEY', () => {
  it('accepts 64 hex characters, base64 of 32 bytes, or a passphrase of 32+ characters', () => {
    const raw = randomBytes(32);
    expect(parseSecretKey(raw.toString('hex')).bytes).toEqual(raw);
    expect(parseSecretKey(raw.toString('base64')).bytes).toEqual(raw);
    expect(parseSecretKey(raw.toString('base64url')).bytes).toEqual(raw);
    const passphrase = parseSecretKey('correct horse battery staple, forty chars');
    expect(passphrase.bytes).toHaveLength(32);
    // Derived deterministically: the same passphrase opens what it sealed after a restart.
    expect(parseSecretKey('correct horse battery staple, forty chars').id).toBe(passphrase.id);
    expect(parseSecretKey(hexKey).id).toMatch(/^[0-9a-f]{8}$/);
    expect(parseSecretKey(hexKey).id).not.toBe(parseSecretKey(otherKey).id);
  });

  it('refuses a short key at start with one line that does not quote it', () => {
    expect(secretKeyProblem('too-short-key')).toMatch(/at least 32 characters/);
    expect(() => loadConfig({ TFBENCH_SECRET_KEY: 'too-short-key' })).toThrow(
      /^TFBENCH_SECRET_KEY="\*\*\*" is invalid: must be 64 hex characters, base64 of 32 bytes/,
    );
    expect(() => loadConfig({ TFBENCH_SECRET_KEY: 'too-short-key' })).not.toThrow(/too-short-key/);
    expect(loadConfig({ TFBENCH_SECRET_KEY: hexKey }).secrets.key).toBe(hexKey);
    // Empty counts as unset, as for every variable (docker-compose passes `${TFBENCH_SECRET_KEY:-}`).
    expect(loadConfig({ TFBENCH_SECRET_KEY: '' }).secrets.key).toBeUndefined();
  });
});

describe('SecretBox', () => {
  const box = new SecretBox(parseSecretKey(hexKey));

  it('round-trips, with a fresh IV each time and no plaintext in the envelope', () => {
    const a = box.seal('sk-live-0123456789', 'automation:1:api_key');
    const b = box.seal('sk-live-0123456789', 'automation:1:api_key');
    expect(a).toMatch(/^v1:[0-9a-f]{8}:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('sk-live');
    expect(box.open(a, 'automation:1:api_key')).toBe('sk-live-0123456789');
    expect(box.open(box.seal('', 'c'), 'c')).toBe('');
    expect(box.open(box.seal('ünïcødé ✓', 'c'), 'c')).toBe('ünïcødé ✓');
    expect(box.isCurrent(a)).toBe(true);
  });

  it('detects any change to the ciphertext, the tag or the IV (GCM authentication)', () => {
    const envelope = box.seal('sk-live-0123456789', 'ctx');
    const parts = envelope.split(':');
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index] as string, 'base64url');
      bytes[0] = (bytes[0] as number) ^ 1;
      const altered = [...parts];
      altered[index] = bytes.toString('base64url');
      expect(() => box.open(altered.join(':'), 'ctx')).toThrow(SecretUnreadableError);
      expect(() => box.open(altered.join(':'), 'ctx')).toThrow(/integrity check|corrupted/);
    }
    expect(() => box.open('v2:abc', 'ctx')).toThrow(/not a v1 secret envelope/);
    expect(() => box.open('plain text', 'ctx')).toThrow(SecretUnreadableError);
  });

  it('opens an envelope only in the context it was sealed for', () => {
    const envelope = box.seal('sk-live-0123456789', 'automation:1:api_key');
    expect(() => box.open(envelope, 'automation:2:api_key')).toThrow(/moved from another field/);
  });

  it('names both keys when the envelope was sealed with another one', () => {
    const old = new SecretBox(parseSecretKey(otherKey));
    const envelope = old.seal('sk-live-0123456789', 'ctx');
    const error = (() => {
      try {
        box.open(envelope, 'ctx');
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SecretUnreadableError);
    expect(error?.message).toContain(`sealed with key ${old.current.id}`);
    expect(error?.message).toContain(`TFBENCH_SECRET_KEY is key ${box.current.id}`);
    expect(error?.message).toContain('secrets:rotate');
    // A box that also holds the old key opens it, and seals with the new one.
    const rotating = new SecretBox(box.current, [old.current]);
    expect(rotating.open(envelope, 'ctx')).toBe('sk-live-0123456789');
    expect(rotating.isCurrent(envelope)).toBe(false);
    expect(rotating.isCurrent(rotating.seal('x', 'ctx'))).toBe(true);
  });
});
