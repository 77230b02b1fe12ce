/** The fields a caller may set on a scenario, and their checks (shared by create and update). */
import { type JsonObject, SCHEDULE_KINDS, type ScenarioRunSettings } from '@tfbench/domain/model';
import { runSettingsSchema } from '@tfbench/domain/provider';
import { BENCHMARK_RUN_SETTINGS, benchmarkInputFromRunSettings } from '../benchmarks/run-settings-input.js';
import { collectBenchmarkIssues } from '../benchmarks/settings.js';
import { type OutboundPolicy, outboundUrlProblem, STRICT_OUTBOUND_POLICY } from '../net/address-policy.js';
import { checkAssertionList, checkThresholdList } from './check-rules.js';
import { checkBoolean, checkJson, checkOneOf, checkText, IssueList, isPlainObject } from './checks.js';

/** Most thresholds, and most assertions, one scenario holds (the API documents the same). */
export const MAX_SCENARIO_RULES = 100;

export interface CreateScenarioInput {
  name: string;
  /** Must name an existing automation, else NotFoundError on `automation_id`. */
  automation_id: number;
  description?: string | null;
  /** Inputs merged over the automation's default_inputs for every run (default `{}`). */
  inputs_template?: JsonObject;
  /** interval_seconds, cron, concurrency, iterations, timeout_s, ... (default `{}`). */
  run_settings?: ScenarioRunSettings;
  /** Threshold expressions checked by benchmarks (default `[]`). */
  thresholds?: string[];
  /** Checks applied to each run's result (default `[]`). */
  assertions?: unknown[];
  /** Whether the scheduler fires this scenario (default false). */
  schedule_enabled?: boolean;
}

/** A partial update: fields left out (or undefined) keep their value; `null` clears description. */
export type UpdateScenarioInput = Partial<CreateScenarioInput>;

/** The stored columns an input sets, the automation given by its checked id. */
export function scenarioColumns<I extends UpdateScenarioInput, A extends number | undefined>(
  input: I,
  automationId: A,
) {
  return {
    name: input.name,
    automation_id: automationId,
    description: input.description,
    inputs_template: input.inputs_template,
    run_settings: input.run_settings,
    thresholds: input.thresholds,
    assertions: input.assertions,
    schedule_enabled: input.schedule_enabled,
  };
}

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
  if (isPlainObject(input.run_settings)) checkRunSettings(input.run_settings, issues);
  checkWebhookUrl(input.run_settings, outbound, issues);
  checkJson('thresholds', nullToInvalid(input.thresholds), issues, 'array');
  if (Array.isArray(input.thresholds))
    checkThresholdList('thresholds', input.thresholds, issues, MAX_SCENARIO_RULES);
  checkJson('assertions', nullToInvalid(input.assertions), issues, 'array');
  checkAssertionList('assertions', input.assertions, issues);
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

/**
 * The schedule kind, and the benchmark settings a scenario carries, by the same bounds as a
 * benchmark request (docs/benchmarks.md): a scheduled benchmark with a rate of 1e-300 or a
 * concurrency of 0 is refused when it is saved rather than skipped on every tick.
 */
function checkRunSettings(runSettings: ScenarioRunSettings, issues: IssueList): void {
  checkOneOf('run_settings.schedule_kind', runSettings.schedule_kind ?? undefined, SCHEDULE_KINDS, issues);
  if (runSettings.schedule_kind === 'benchmark' && (runSettings.iterations ?? null) === null) {
    issues.add('run_settings.iterations', 'is required when schedule_kind is benchmark (runs per tick)');
  }
  const found = new IssueList();
  collectBenchmarkIssues(benchmarkInputFromRunSettings(0, runSettings), found);
  for (const issue of found.issues) {
    // Nested fields (dataset.order) belong to their run_settings key (dataset).
    if ((BENCHMARK_RUN_SETTINGS as readonly string[]).includes(issue.field.split('.')[0] as string)) {
      issues.add(`run_settings.${issue.field}`, issue.message);
    }
  }
  // What the provider reads on every run (timeouts, poll interval, retries): refused now
  // rather than failing each run with a settings error.
  const provider = runSettingsSchema.safeParse(runSettings);
  if (!provider.success) {
    for (const issue of provider.error.issues) {
      const [head] = issue.path;
      if (typeof head === 'string' && (BENCHMARK_RUN_SETTINGS as readonly string[]).includes(head)) continue;
      issues.add(['run_settings', ...issue.path.map(String)].join('.'), issue.message);
    }
  }
}
