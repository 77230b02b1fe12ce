/**
 * The environment variables of automation credentials at rest: the key that encrypts them
 * and the server variables an automation may name instead of storing a key. Parsed with the
 * rest of the environment by `loadConfig`.
 */
import { z } from 'zod';
import { secretKeyProblem } from '../secrets/secret-key.js';

export const secretsEnvShape = {
  TFBENCH_SECRET_KEY: z
    .string()
    .superRefine((value, ctx) => {
      const problem = secretKeyProblem(value);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  // The operator's consent: a key named by config.api_key_env is sent to whatever base_url the
  // automation's editor chose, so only variables listed here may be named.
  TFBENCH_UPSTREAM_KEY_ENVS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    )
    .pipe(
      z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be comma-separated variable names')),
    )
    .optional(),
};

export interface SecretsConfig {
  /**
   * `TFBENCH_SECRET_KEY`, as given (see secrets/secret-key.ts for the accepted spellings);
   * unset on the embedded default, the key is generated into the data folder.
   */
  key: string | undefined;
  /**
   * The variables `config.api_key_env` may name (`TFBENCH_UPSTREAM_KEY_ENVS`) and their values
   * in this process (undefined: listed but unset).
   */
  upstreamKeyEnv: Record<string, string | undefined>;
}

type SecretsEnv = {
  TFBENCH_SECRET_KEY?: string | undefined;
  TFBENCH_UPSTREAM_KEY_ENVS?: string[] | undefined;
};

/** `env` is the raw environment: the listed variables are read from it, empty ones as unset. */
export function secretsConfig(e: SecretsEnv, env: Record<string, string | undefined>): SecretsConfig {
  const upstreamKeyEnv: Record<string, string | undefined> = {};
  for (const name of e.TFBENCH_UPSTREAM_KEY_ENVS ?? []) {
    const value = env[name]?.trim();
    upstreamKeyEnv[name] = value === undefined || value === '' ? undefined : value;
  }
  return { key: e.TFBENCH_SECRET_KEY, upstreamKeyEnv };
}
