/**
 * The run-creation body sent to /run-sse, /run and /run-async, built from a run's resolved
 * inputs. Only the API's documented fields are sent (the official SDK rejects unknown ones,
 * and the API's handling of them is undocumented); everything else stays in the run's
 * inputs snapshot for the record.
 */
import type { RunError } from '@tfbench/domain/provider';
import { runError } from '@tfbench/provider-kit/errors';

/** The documented run-creation fields, in the order the API reference lists them. */
export const RUN_BODY_FIELDS = [
  'url',
  'goal',
  'browser_profile',
  'proxy_config',
  'api_integration',
  'agent_config',
  'capture_config',
  'webhook_url',
  'use_vault',
  'credential_item_ids',
  'output_schema',
] as const;

/**
 * Build the body. `prompt` stands in for `goal` when goal is absent (the original service's
 * inputs used prompt). With `mock` true (talking to the mock server) the `mock` behaviour
 * object is sent too and url/goal are not required, so the mock's lenient mode can run
 * prompt-only examples; in live mode a missing url or goal fails before any request.
 *
 * @example
 * buildRunBody({ url: 'https://example.com', prompt: 'Find the price', model: 'x' }, { mock: false });
 * // { ok: true, body: { url: 'https://example.com', goal: 'Find the price' } }
 */
export function buildRunBody(
  inputs: Record<string, unknown>,
  options: { mock: boolean },
): { ok: true; body: Record<string, unknown> } | { ok: false; error: RunError } {
  const body: Record<string, unknown> = {};
  for (const field of RUN_BODY_FIELDS) {
    if (inputs[field] !== undefined && inputs[field] !== null) body[field] = inputs[field];
  }
  if (body.goal === undefined && inputs.prompt !== undefined && inputs.prompt !== null)
    body.goal = inputs.prompt;
  if (options.mock && inputs.mock !== undefined && inputs.mock !== null) body.mock = inputs.mock;
  if (!options.mock) {
    for (const field of ['url', 'goal'] as const) {
      const value = body[field];
      if (typeof value !== 'string' || value.trim() === '') {
        const hint =
          field === 'url'
            ? 'the page to start from, including https://'
            : 'what the agent should do (goal or prompt)';
        const problem = value === undefined ? 'is missing' : 'must be a non-empty string';
        return {
          ok: false,
          error: runError('INVALID_INPUT', `inputs.${field} ${problem}: TinyFish needs ${hint}`, {
            details: { field },
          }),
        };
      }
    }
  }
  return { ok: true, body };
}
