/** The fields a caller may set on an automation, and their checks (shared by create and update). */
import { checkProviderFields } from '@tfbench/contract/providers';
import {
  AUTOMATION_MODES,
  type AutomationConfig,
  type JsonObject,
  PROVIDERS,
  type ProviderName,
} from '@tfbench/domain/model';
import { type OutboundPolicy, outboundUrlProblem, STRICT_OUTBOUND_POLICY } from '../net/address-policy.js';
import { checkJson, checkOneOf, checkText, IssueList, isPlainObject } from './checks.js';

export interface CreateAutomationInput {
  name: string;
  tinyfish_automation_id?: string | null;
  description?: string | null;
  /** Inputs every run of this automation starts from (default `{}`). */
  default_inputs?: JsonObject;
  /** Default `tinyfish`. */
  provider?: ProviderName;
  /** Execution settings such as `{ mode: 'sse' }` (default `{}`). */
  config?: AutomationConfig;
}

/** A partial update: fields left out (or undefined) keep their value; `null` clears a nullable field. */
export type UpdateAutomationInput = Partial<CreateAutomationInput>;

/** The stored columns an input sets. */
export function automationColumns(input: UpdateAutomationInput) {
  return {
    name: input.name,
    tinyfish_automation_id: input.tinyfish_automation_id,
    description: input.description,
    default_inputs: input.default_inputs,
    provider: input.provider,
    config: input.config,
  };
}

/**
 * `config` and `default_inputs` must satisfy the schemas of `provider` (the automation's
 * provider once saved). `config.base_url` is where the automation's requests go: like a
 * webhook URL it must be http(s) and must not point into tfbench's own network unless
 * `outbound` allows the host.
 */
export function checkAutomationInput(
  input: UpdateAutomationInput,
  mode: 'create' | 'update',
  outbound: OutboundPolicy = STRICT_OUTBOUND_POLICY,
  provider: string = input.provider ?? 'tinyfish',
): void {
  const issues = new IssueList();
  checkText('name', input.name, issues, { nullable: false, required: mode === 'create' });
  checkText('tinyfish_automation_id', input.tinyfish_automation_id, issues, { nullable: true });
  checkText('description', input.description, issues, { nullable: true });
  checkJson('default_inputs', nullToInvalid(input.default_inputs), issues, 'object');
  checkOneOf('provider', input.provider, PROVIDERS, issues);
  checkJson('config', nullToInvalid(input.config), issues, 'object');
  if (isPlainObject(input.config)) {
    checkOneOf('config.mode', input.config.mode ?? undefined, AUTOMATION_MODES, issues);
    checkText('config.base_url', input.config.base_url, issues, { nullable: true });
    const baseUrl = input.config.base_url;
    const problem =
      typeof baseUrl === 'string' && baseUrl !== '' ? outboundUrlProblem(baseUrl, outbound) : null;
    if (problem !== null) issues.add('config.base_url', problem);
  }
  if (issues.issues.length === 0) {
    const checked = [
      ...(isPlainObject(input.config) ? checkProviderFields(provider, 'config', input.config) : []),
      ...(isPlainObject(input.default_inputs)
        ? checkProviderFields(provider, 'inputs', input.default_inputs, 'default_inputs')
        : []),
    ];
    for (const { field, message } of checked) issues.add(field, message);
  }
  issues.throwIfAny();
}

/** A NOT NULL JSON column given null is reported as the wrong shape rather than written. */
function nullToInvalid(value: unknown): unknown {
  return value === null ? 'null' : value;
}
