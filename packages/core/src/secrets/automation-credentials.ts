/**
 * The credentials an automation gives its upstream, as stored (`automations.secrets`: one
 * envelope per value, see secret-box.ts) and as the engine hands them to a provider. Header
 * names stay in the clear so that responses can list them without the key; every value is
 * sealed. Only the engine opens them, for the request that needs them.
 */
import type { UpstreamCredentials } from '@tfbench/domain/provider';
import { type SecretBox, SecretUnreadableError } from './secret-box.js';

/** `automations.secrets`: sealed envelopes, never plaintext. */
export interface StoredAutomationSecrets {
  /** The upstream API key (`config.api_key` as written). */
  api_key?: string;
  /** Extra request headers, by lower-cased name (`config.headers` as written). */
  headers?: Record<string, string>;
}

/**
 * What each envelope is bound to (GCM additional data): the automation and the field, so an
 * envelope copied into another automation or field does not open.
 */
export function secretContext(automationId: number, field: 'api_key' | { header: string }): string {
  return typeof field === 'string'
    ? `automation:${automationId}:api_key`
    : `automation:${automationId}:headers:${field.header}`;
}

/**
 * Where an automation's key may come from besides its sealed `api_key`: `config.api_key_env`
 * names a server environment variable, resolved only among those the operator allowed.
 */
export interface KeyEnvironment {
  /** Allowed variable names and their values (`TFBENCH_UPSTREAM_KEY_ENVS`). */
  readonly values: Readonly<Record<string, string | undefined>>;
}

/** Why an automation's credentials cannot be handed to its provider (the run fails with it). */
export class CredentialsUnavailableError extends Error {
  override readonly name = 'CredentialsUnavailableError';
  readonly code = 'CREDENTIALS_UNAVAILABLE';
}

/**
 * The plaintext credentials of one automation, or undefined when it has none. A sealed key
 * wins over `api_key_env`.
 *
 * @example
 * const credentials = openAutomationCredentials(automation, { box, keyEnv });
 * await provider.execute({ inputs, credentials });
 */
export function openAutomationCredentials(
  automation: { id: number; secrets: StoredAutomationSecrets; config: Record<string, unknown> },
  sources: { box: SecretBox | undefined; keyEnv?: KeyEnvironment },
): UpstreamCredentials | undefined {
  const { secrets } = automation;
  const credentials: UpstreamCredentials = {};
  const headerNames = Object.keys(secrets.headers ?? {});
  if (secrets.api_key !== undefined || headerNames.length > 0) {
    const box = sources.box;
    if (!box) {
      throw new CredentialsUnavailableError(
        'this automation has stored credentials, but this process has no TFBENCH_SECRET_KEY to open them',
      );
    }
    const open = (envelope: string, context: string, field: string): string => {
      try {
        return box.open(envelope, context);
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
        throw new CredentialsUnavailableError(`config.${field} cannot be decrypted: ${error.message}`);
      }
    };
    if (secrets.api_key !== undefined) {
      credentials.api_key = open(secrets.api_key, secretContext(automation.id, 'api_key'), 'api_key');
    }
    if (headerNames.length > 0) {
      credentials.headers = {};
      for (const name of headerNames) {
        const envelope = secrets.headers?.[name] as string;
        credentials.headers[name] = open(
          envelope,
          secretContext(automation.id, { header: name }),
          `headers.${name}`,
        );
      }
    }
  }
  const envName = automation.config.api_key_env;
  if (credentials.api_key === undefined && typeof envName === 'string' && envName !== '') {
    const value = sources.keyEnv?.values[envName];
    if (value === undefined) {
      throw new CredentialsUnavailableError(
        `config.api_key_env names ${envName}, which is not set on this worker or not listed in TFBENCH_UPSTREAM_KEY_ENVS`,
      );
    }
    credentials.api_key = value;
  }
  return credentials.api_key === undefined && credentials.headers === undefined ? undefined : credentials;
}
