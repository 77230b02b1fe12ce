/** The fields a caller may set on a scenario, and their checks (shared by create and update). */
import type { JsonObject, RunSettings } from '../domain/index.js';
import { type OutboundPolicy, outboundUrlProblem, STRICT_OUTBOUND_POLICY } from '../net/address-policy.js';
import { checkBoolean, checkJson, checkText, IssueList } from './checks.js';

export interface CreateScenarioInput {
  name: string;
  /** Must name an existing automation, else NotFoundError on `automation_id`. */
  automation_id: number;
  description?: string | null;
  /** Inputs merged over the automation's default_inputs for every run (default `{}`). */
  inputs_template?: JsonObject;
  /** interval_seconds, cron, concurrency, iterations, timeout_s, ... (default `{}`). */
  run_settings?: RunSettings;
  /** Threshold expressions checked by benchmarks (default `[]`). */
  thresholds?: string[];
  /** Checks applied to each run's result (default `[]`). */
  assertions?: unknown[];
  /** Whether the scheduler fires this scenario (default false). */
  schedule_enabled?: boolean;
}

/** A partial update: fields left out (or undefined) keep their value; `null` clears description. */
export type UpdateScenarioInput = Partial<CreateScenarioInput>;

export function checkScenarioInput(
  input: UpdateScenarioInput,
  mode: 'create' | 'update',
  outbound: OutboundPolicy = STRICT_OUTBOUND_POLICY,
): void {
  const issues = new IssueList();
  checkText('name', input.name, issues, { nullable: false, required: mode === 'create' });
  if (mode === 'create' && input.automation_id === undefined) issues.add('automation_id', 'is required');
  checkText('description', input.description, issues, { nullable: true });
  checkJson('inputs_template', nullToInvalid(input.inputs_template), issues, 'object');
  checkJson('run_settings', nullToInvalid(input.run_settings), issues, 'object');
  checkWebhookUrl(input.run_settings, outbound, issues);
  checkJson('thresholds', nullToInvalid(input.thresholds), issues, 'array');
  if (Array.isArray(input.thresholds)) {
    input.thresholds.forEach((threshold, index) => {
      checkText(`thresholds.${index}`, threshold, issues, { nullable: false, required: true });
    });
  }
  checkJson('assertions', nullToInvalid(input.assertions), issues, 'array');
  checkBoolean('schedule_enabled', input.schedule_enabled, issues);
  issues.throwIfAny();
}

/** A webhook URL is refused when it is stored, not only when a delivery is attempted. */
function checkWebhookUrl(runSettings: unknown, outbound: OutboundPolicy, issues: IssueList): void {
  if (runSettings === null || typeof runSettings !== 'object') return;
  const url = (runSettings as Record<string, unknown>).alert_webhook_url;
  if (url === undefined || url === null) return;
  const problem =
    typeof url === 'string' ? outboundUrlProblem(url, outbound) : 'must be an http(s) URL (a string)';
  if (problem !== null) issues.add('run_settings.alert_webhook_url', problem);
}

function nullToInvalid(value: unknown): unknown {
  return value === null ? 'null' : value;
}
