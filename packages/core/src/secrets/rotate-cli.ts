/**
 * `npm run secrets:rotate -- --from-key-file <old key file>` (or `--from-key-env NAME`, or
 * `--from-key <old key>`): re-encrypt every automation's credentials with the key now in
 * TFBENCH_SECRET_KEY, in one transaction, on the configured database. Envelopes already under
 * the new key are left alone, so running it twice is harmless. Any failure (an envelope the old
 * key does not open either, a bad environment) changes nothing and ends with one line on
 * stderr and exit 1.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, readEnvironment } from '../config/index.js';
import { commandFailed, databaseTarget, withDatabase } from '../db/database-command.js';
import { resealCredentials } from './reseal-credentials.js';
import { SecretBox } from './secret-box.js';
import { parseSecretKey } from './secret-key.js';

const USAGE =
  'usage: TFBENCH_SECRET_KEY=<new key> npm run secrets:rotate -- --from-key-file <file> | --from-key-env <NAME> | --from-key <old key>';

/** The old key's text from exactly one of the options. */
function oldKeyText(argv: string[], env: Record<string, string | undefined>): string {
  const { values } = parseArgs({
    args: argv,
    options: {
      'from-key': { type: 'string' },
      'from-key-file': { type: 'string' },
      'from-key-env': { type: 'string' },
    },
    strict: true,
  });
  const given = [values['from-key'], values['from-key-file'], values['from-key-env']].filter(
    (v) => v !== undefined,
  );
  if (given.length !== 1) throw new Error(`give the old key exactly once; ${USAGE}`);
  if (values['from-key-file'] !== undefined) return readFileSync(values['from-key-file'], 'utf8').trim();
  if (values['from-key-env'] !== undefined) {
    const text = env[values['from-key-env']];
    if (!text) throw new Error(`${values['from-key-env']} is not set`);
    return text;
  }
  return values['from-key'] as string;
}

async function main(): Promise<void> {
  const env = readEnvironment();
  const config = loadConfig(env);
  if (config.secrets.key === undefined) throw new Error(`TFBENCH_SECRET_KEY must hold the new key; ${USAGE}`);
  const current = parseSecretKey(config.secrets.key);
  const old = parseSecretKey(oldKeyText(process.argv.slice(2), env));
  const report = await withDatabase(config.database, (handle) =>
    resealCredentials(handle.db, new SecretBox(current, [old])),
  );
  console.log(
    `secrets:rotate: ${databaseTarget(config.database)}: re-encrypted ${report.resealed} value(s) and sealed ${report.sealed_from_plaintext} plain-text value(s) in ${report.automations} automation(s) with key ${current.id} (old key ${old.id})`,
  );
}

main().catch(commandFailed('secrets:rotate'));
