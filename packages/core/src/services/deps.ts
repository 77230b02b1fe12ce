import type { DatabaseHandle } from '../db/database.js';
import type { EnqueueRun } from '../engine/enqueue-run.js';
import type { OutboundPolicy } from '../net/address-policy.js';
import type { Logger } from '../queue/index.js';
import type { SecretBox } from '../secrets/secret-box.js';

/**
 * What every use case receives as its first argument. Built once at start (by the API, the
 * worker or a test) and passed in; services never open connections of their own.
 */
export interface CoreDeps {
  db: DatabaseHandle;
  /** Which outbound URLs (webhooks) may be stored; default: public addresses only. */
  outbound?: OutboundPolicy;
  /**
   * How new runs reach the queue (the engine's port). Without it a triggered run is only
   * stored, pending, for a process that has a queue to pick up.
   */
  enqueueRun?: EnqueueRun;
  /** Where a use case reports what it recovered from (a failed enqueue). */
  logger?: Logger;
  /** How automations' credentials are sealed; without it, writing one is refused (400). */
  credentials?: CredentialSettings;
}

/** What the services need to seal automations' credentials and to check `api_key_env`. */
export interface CredentialSettings {
  /** Absent: this deployment has no TFBENCH_SECRET_KEY, and credentials cannot be stored. */
  box?: SecretBox | undefined;
  /** The variables `config.api_key_env` may name (TFBENCH_UPSTREAM_KEY_ENVS). */
  keyEnvNames?: readonly string[];
}

/** One page of a list and the number of items across all pages (for `X-Total-Count`). */
export interface Paginated<T> {
  items: T[];
  total: number;
}

/** `skip` / `limit` of a list call; both optional (defaults 0 and 100, as in the original). */
export interface PageParams {
  skip?: number;
  limit?: number;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
