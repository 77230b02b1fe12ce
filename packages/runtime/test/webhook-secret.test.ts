/** The generated webhook secret: created once with mode 0600, reused, its value never logged. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { ensureWebhookSecret, WEBHOOK_SECRET_FILE } from '../src/webhook-secret.js';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('generates the secret once into the data folder, readable by its owner only, and logs only where', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tfbench-secret-'));
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const dataDir = path.join(dir, 'data');

  const secret = ensureWebhookSecret(dataDir, logger);
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  const file = path.join(dataDir, WEBHOOK_SECRET_FILE);
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect((await readFile(file, 'utf8')).trim()).toBe(secret);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(file);
  expect(lines[0]).not.toContain(secret);

  // A restart reuses it (receivers keep verifying) and logs nothing.
  expect(ensureWebhookSecret(dataDir, logger)).toBe(secret);
  expect(lines).toHaveLength(1);
});
