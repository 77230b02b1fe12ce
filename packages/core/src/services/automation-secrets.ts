/**
 * Credentials written into an automation's `config` (`api_key`, the values of `headers`) are
 * taken out before the config is stored, sealed into `automations.secrets`, and never read
 * back out: responses say `api_key_set` and list `headers_set` (names only).
 *
 * An update follows "omit to keep, null to clear, a value to replace": `api_key` absent keeps
 * the stored key; `headers` absent keeps every header, `null` clears them all, and inside an
 * object a name set to `null` removes that header while names not mentioned are kept.
 */
import type { AutomationConfig } from '@tfbench/domain/model';
import type { Executor } from '../db/database.js';
import type { Automation } from '../db/schema.js';
import { updateAutomationSecrets } from '../repositories/automations.js';
import { type StoredAutomationSecrets, secretContext } from '../secrets/index.js';
import { IssueList, isPlainObject } from './checks.js';
import type { CredentialSettings } from './deps.js';

export const API_KEY_MAX_LENGTH = 4_096;
export const HEADER_VALUE_MAX_LENGTH = 8_192;
export const HEADER_NAME_MAX_LENGTH = 128;
export const HEADERS_MAX = 32;

/** An HTTP field name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the HTTP client owns: a value given for one would break or smuggle the request. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
]);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** What a write asks of the stored credentials; undefined fields keep what is stored. */
export interface CredentialChanges {
  api_key?: string | null;
  headers?: Record<string, string | null> | null;
}

/** An automation as it leaves core for the API: no sealed column, credentials reported as set or not. */
export type AutomationView = Omit<Automation, 'secrets' | 'config'> & {
  config: AutomationConfig & { api_key_set: boolean; headers_set: string[] };
};

/**
 * The config to store (credentials and the read-only `*_set` fields removed, so that a body
 * read with GET can be sent back) and the credential changes it asks for. ValidationError
 * (400) naming each bad field; a credential's value is never quoted in a message.
 *
 * @example
 * const { config, changes } = splitCredentials({ base_url, api_key: 'sk-...' }, settings);
 */
export function splitCredentials(
  config: unknown,
  settings: CredentialSettings = {},
): { config: unknown; changes: CredentialChanges } {
  if (!isPlainObject(config)) return { config, changes: {} };
  const { api_key, headers, api_key_set: _set, headers_set: _names, ...rest } = config;
  const issues = new IssueList();
  const changes: CredentialChanges = {};
  if (api_key !== undefined) changes.api_key = checkApiKey(api_key, issues);
  if (headers !== undefined) changes.headers = checkHeaders(headers, issues);
  checkKeyEnv(rest.api_key_env, settings, issues);
  const writes = changes.api_key != null || Object.values(changes.headers ?? {}).some((v) => v !== null);
  if (writes && !settings.box) {
    issues.add(
      changes.api_key != null ? 'config.api_key' : 'config.headers',
      'cannot be stored: the server has no TFBENCH_SECRET_KEY (see docs/security.md)',
    );
  }
  issues.throwIfAny();
  return { config: rest, changes };
}

/** True when `changes` asks for nothing. */
export function isUnchanged(changes: CredentialChanges): boolean {
  return changes.api_key === undefined && changes.headers === undefined;
}

/**
 * Apply `changes` to the automation's stored credentials and write them in `tx`; the row as
 * stored afterwards. Sealed per automation and field (see secretContext).
 */
export async function storeCredentialChanges(
  tx: Executor,
  row: Automation,
  changes: CredentialChanges,
  settings: CredentialSettings,
): Promise<Automation> {
  if (isUnchanged(changes)) return row;
  const next: StoredAutomationSecrets = { ...row.secrets };
  const seal = (value: string, context: string): string => {
    // splitCredentials refused writes without a box.
    if (!settings.box) throw new Error('no secret key to seal credentials with');
    return settings.box.seal(value, context);
  };
  if (changes.api_key === null) delete next.api_key;
  else if (changes.api_key !== undefined)
    next.api_key = seal(changes.api_key, secretContext(row.id, 'api_key'));
  if (changes.headers === null) delete next.headers;
  else if (changes.headers !== undefined) {
    const headers = { ...next.headers };
    for (const [name, value] of Object.entries(changes.headers)) {
      if (value === null) delete headers[name];
      else headers[name] = seal(value, secretContext(row.id, { header: name }));
    }
    if (Object.keys(headers).length > HEADERS_MAX) {
      const issues = new IssueList();
      issues.add('config.headers', `must hold at most ${HEADERS_MAX} headers in all`);
      issues.throwIfAny();
    }
    if (Object.keys(headers).length === 0) delete next.headers;
    else next.headers = headers;
  }
  return (await updateAutomationSecrets(tx, row.id, next)) ?? row;
}

/**
 * The automation as responses show it. Credentials left in `config` by an older version are
 * hidden too, until the runtime seals them at start.
 *
 * @example
 * presentAutomation(row).config; // { base_url: '...', api_key_set: true, headers_set: ['x-org'] }
 */
export function presentAutomation(row: Automation): AutomationView {
  const { secrets, config, ...rest } = row;
  const { api_key, headers, ...shown } = config;
  const legacyHeaders = isPlainObject(headers) ? Object.keys(headers) : [];
  const names = new Set([...Object.keys(secrets.headers ?? {}), ...legacyHeaders]);
  return {
    ...rest,
    config: {
      ...shown,
      api_key_set: secrets.api_key !== undefined || (typeof api_key === 'string' && api_key !== ''),
      headers_set: [...names].sort(),
    },
  };
}

function checkApiKey(value: unknown, issues: IssueList): string | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'string') {
    issues.add('config.api_key', 'must be a string, or null to clear it');
    return undefined;
  }
  const problem = credentialTextProblem(value, API_KEY_MAX_LENGTH);
  if (problem) issues.add('config.api_key', problem);
  return problem ? undefined : value;
}

function checkHeaders(value: unknown, issues: IssueList): Record<string, string | null> | null | undefined {
  if (value === null) return null;
  if (!isPlainObject(value)) {
    issues.add('config.headers', 'must be an object of header names to string values, or null to clear them');
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length > HEADERS_MAX) {
    issues.add('config.headers', `must hold at most ${HEADERS_MAX} headers`);
    return undefined;
  }
  const headers: Record<string, string | null> = {};
  for (const [rawName, headerValue] of entries) {
    const name = rawName.toLowerCase();
    // Only a name that passed is echoed back in a message: it is not secret, its value is.
    if (rawName.length > HEADER_NAME_MAX_LENGTH || !HEADER_NAME.test(rawName)) {
      issues.add(
        'config.headers',
        `header names must be HTTP tokens of at most ${HEADER_NAME_MAX_LENGTH} characters`,
      );
      continue;
    }
    const field = `config.headers.${name}`;
    if (RESERVED_HEADERS.has(name)) {
      issues.add(field, 'is set by the HTTP client and cannot be given');
      continue;
    }
    if (name in headers) {
      issues.add(field, 'is given twice (header names are case-insensitive)');
      continue;
    }
    if (headerValue === null) {
      headers[name] = null;
      continue;
    }
    if (typeof headerValue !== 'string') {
      issues.add(field, 'must be a string, or null to remove the header');
      continue;
    }
    const problem = credentialTextProblem(headerValue, HEADER_VALUE_MAX_LENGTH);
    if (problem) issues.add(field, problem);
    else headers[name] = headerValue;
  }
  return headers;
}

function checkKeyEnv(value: unknown, settings: CredentialSettings, issues: IssueList): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !ENV_NAME.test(value)) {
    issues.add('config.api_key_env', 'must be the name of an environment variable, such as OPENAI_API_KEY');
    return;
  }
  const allowed = settings.keyEnvNames ?? [];
  if (!allowed.includes(value)) {
    issues.add(
      'config.api_key_env',
      allowed.length === 0
        ? 'names a variable the server does not offer: list it in TFBENCH_UPSTREAM_KEY_ENVS first'
        : `must be one of the variables in TFBENCH_UPSTREAM_KEY_ENVS: ${allowed.join(', ')}`,
    );
  }
}

/**
 * Empty, too long, or not sendable in an HTTP header: both travel in one (the key as a bearer
 * token or X-API-Key), where a line break would split the request and non-ASCII is refused.
 */
function credentialTextProblem(value: string, maxLength: number): string | null {
  if (value === '') return 'must not be empty (null clears it)';
  if (value.length > maxLength) return `must be at most ${maxLength} characters`;
  if (!/^[\t\x20-\x7e]*$/.test(value))
    return 'must be printable ASCII (no line breaks or control characters)';
  return null;
}
