/**
 * Re-encrypt every automation's credentials with the current key, in one transaction: a
 * rotation of TFBENCH_SECRET_KEY (`npm run secrets:rotate`), and the sealing of credentials an
 * older version left in plain text in `config`. Either every automation is re-sealed or, on
 * the first envelope that does not open, none is.
 */
import type { AutomationConfig } from '@tfbench/domain/model';
import type { Database } from '../db/database.js';
import {
  selectAutomationsWithCredentialsForUpdate,
  updateAutomationConfigAndSecrets,
} from '../repositories/automations.js';
import { type StoredAutomationSecrets, secretContext } from './automation-credentials.js';
import { type SecretBox, SecretUnreadableError } from './secret-box.js';

export interface ResealReport {
  /** Automations whose row changed. */
  automations: number;
  /** Envelopes sealed with another key, now sealed with the current one. */
  resealed: number;
  /** Values found in plain text in `config`, now sealed. */
  sealed_from_plaintext: number;
}

/** An envelope that does not open with any key given: the rotation stops and changes nothing. */
export class ResealError extends Error {
  override readonly name = 'ResealError';
}

/**
 * `box` seals with its current key and opens with it and its previous keys (the old key of a
 * rotation). With `plaintextOnly`, sealed envelopes are left as they are (what a process does
 * at start, where an envelope of another key must not stop it).
 *
 * @example
 * const box = new SecretBox(parseSecretKey(newKey), [parseSecretKey(oldKey)]);
 * await resealCredentials(db, box); // { automations: 3, resealed: 4, sealed_from_plaintext: 0 }
 */
export async function resealCredentials(
  db: Database,
  box: SecretBox,
  options: { plaintextOnly?: boolean } = {},
): Promise<ResealReport> {
  return db.transaction(async (tx) => {
    const report: ResealReport = { automations: 0, resealed: 0, sealed_from_plaintext: 0 };
    for (const row of await selectAutomationsWithCredentialsForUpdate(tx)) {
      const { config, secrets, changed } = resealRow(row, box, report, options.plaintextOnly ?? false);
      if (!changed) continue;
      await updateAutomationConfigAndSecrets(tx, row.id, { config, secrets });
      report.automations++;
    }
    return report;
  });
}

function resealRow(
  row: { id: number; config: AutomationConfig; secrets: StoredAutomationSecrets },
  box: SecretBox,
  report: ResealReport,
  plaintextOnly: boolean,
): { config: AutomationConfig; secrets: StoredAutomationSecrets; changed: boolean } {
  let changed = false;
  const reseal = (envelope: string, context: string, field: string): string => {
    if (plaintextOnly || box.isCurrent(envelope)) return envelope;
    let plaintext: string;
    try {
      plaintext = box.open(envelope, context);
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      throw new ResealError(`automation ${row.id} config.${field}: ${error.message}`);
    }
    changed = true;
    report.resealed++;
    return box.seal(plaintext, context);
  };
  const secrets: StoredAutomationSecrets = { ...row.secrets };
  if (secrets.api_key !== undefined) {
    secrets.api_key = reseal(secrets.api_key, secretContext(row.id, 'api_key'), 'api_key');
  }
  const headers: Record<string, string> = {};
  for (const [name, envelope] of Object.entries(secrets.headers ?? {})) {
    headers[name] = reseal(envelope, secretContext(row.id, { header: name }), `headers.${name}`);
  }

  // Plain text left in config: sealed unless a sealed value already exists (it is newer).
  const { api_key, headers: plainHeaders, ...config } = row.config;
  if (typeof api_key === 'string' && api_key !== '' && secrets.api_key === undefined) {
    secrets.api_key = box.seal(api_key, secretContext(row.id, 'api_key'));
    report.sealed_from_plaintext++;
  }
  if (typeof plainHeaders === 'object' && plainHeaders !== null && !Array.isArray(plainHeaders)) {
    for (const [rawName, value] of Object.entries(plainHeaders)) {
      const name = rawName.toLowerCase();
      if (typeof value !== 'string' || name in headers) continue;
      headers[name] = box.seal(value, secretContext(row.id, { header: name }));
      report.sealed_from_plaintext++;
    }
  }
  if (Object.keys(headers).length > 0) secrets.headers = headers;
  else delete secrets.headers;
  const hadPlaintext = api_key !== undefined || plainHeaders !== undefined;
  return { config: hadPlaintext ? config : row.config, secrets, changed: changed || hadPlaintext };
}
