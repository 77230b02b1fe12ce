/**
 * The scenario form's values as typed, and the request body they make: what the form starts
 * with, what it checks before sending, and where the API's messages about the body land.
 */
import type { Automation, Provider, RunSettings, Scenario, ScenarioCreate } from '@tfbench/contract';
import { type Checked, type FieldPaths, FormChecks } from '@/lib/form-checks';
import { lines, parseOptionalNumber, toJsonText } from '@/lib/json-input';

export interface ScenarioFormState {
  name: string;
  automationId: string;
  description: string;
  inputs: string;
  intervalSeconds: string;
  cron: string;
  scheduleKind: 'run' | 'benchmark';
  iterations: string;
  concurrency: string;
  timeoutS: string;
  thresholds: string;
  assertions: string;
  scheduleEnabled: boolean;
  /** For an OpenAI-compatible automation: the prompt, and overrides of its model and max tokens. */
  prompt: string;
  model: string;
  maxTokens: string;
}

/** Input keys an OpenAI-compatible scenario edits with their own fields, out of the JSON box. */
const PROMPT_KEYS = ['prompt', 'model', 'max_tokens'];

/** The provider of the automation picked in the form; undefined while none is. */
export function providerOf(automationId: string, automations: Automation[]): Provider | undefined {
  return automations.find((a) => String(a.id) === automationId)?.provider;
}

const numText = (v: unknown) => (typeof v === 'number' ? String(v) : '');

const INTERVAL = { min: 1, max: 366 * 86_400 };

export function initialScenarioState(s: Scenario | undefined, automations: Automation[]): ScenarioFormState {
  const rs = s?.run_settings ?? {};
  const template = s?.inputs_template ?? {};
  const openai = s !== undefined && providerOf(String(s.automation_id), automations) === 'openai';
  // A prompt given as a list of strings stays in the JSON box, where it can be edited as one.
  const own = openai ? PROMPT_KEYS.filter((k) => k !== 'prompt' || typeof template.prompt === 'string') : [];
  return {
    name: s?.name ?? '',
    automationId: s ? String(s.automation_id) : automations[0] ? String(automations[0].id) : '',
    description: s?.description ?? '',
    inputs: toJsonText(Object.fromEntries(Object.entries(template).filter(([k]) => !own.includes(k)))),
    intervalSeconds: numText(rs.interval_seconds),
    cron: typeof rs.cron === 'string' ? rs.cron : '',
    scheduleKind: rs.schedule_kind === 'benchmark' ? 'benchmark' : 'run',
    iterations: numText(rs.iterations),
    concurrency: numText(rs.concurrency),
    timeoutS: numText(rs.timeout_s),
    thresholds: (s?.thresholds ?? []).join('\n'),
    assertions: toJsonText(s?.assertions),
    scheduleEnabled: s?.schedule_enabled ?? false,
    prompt: own.includes('prompt') ? String(template.prompt ?? '') : '',
    model: own.includes('model') && typeof template.model === 'string' ? template.model : '',
    maxTokens: own.includes('max_tokens') ? numText(template.max_tokens) : '',
  };
}

/** Run-settings keys this form edits; any others on the scenario are kept as they are. */
const EDITED_SETTINGS = [
  'interval_seconds',
  'cron',
  'schedule_kind',
  'iterations',
  'concurrency',
  'timeout_s',
];

export function validateScenario(
  s: ScenarioFormState,
  original: Scenario | undefined,
  provider?: Provider,
): Checked<ScenarioFormState, ScenarioCreate> {
  const check = new FormChecks(s);
  if (s.name.trim() === '') check.fail('name', 'Give the scenario a name.');
  if (s.automationId === '') check.fail('automationId', 'Pick the automation this scenario runs.');
  const inputs = check.jsonObject('inputs', 'Inputs');
  const assertions = check.jsonArray('assertions', 'Assertions');
  const interval = check.number('intervalSeconds', 'Interval', INTERVAL);
  const iterations = check.number('iterations', 'Iterations', { min: 1, max: 1_000_000 });
  const concurrency = check.number('concurrency', 'Concurrency', { min: 1, max: 1000 });
  const timeout = check.number('timeoutS', 'Timeout', { min: 0.001, max: 86_400, integer: false });
  if (s.intervalSeconds.trim() && s.cron.trim())
    check.fail('cron', 'Use an interval or a cron expression, not both.');
  if (s.scheduleEnabled && !s.intervalSeconds.trim() && !s.cron.trim())
    check.fail('scheduleEnabled', 'A schedule needs an interval or a cron expression.');
  if (s.scheduleKind === 'benchmark' && !s.iterations.trim())
    check.fail('iterations', 'A benchmark per tick needs its number of iterations.');
  if (provider === 'openai') {
    if (s.prompt.trim()) inputs.prompt = s.prompt;
    if (s.model.trim()) inputs.model = s.model.trim();
    const maxTokens = check.number('maxTokens', 'Max tokens', { min: 1, max: 10_000_000 });
    if (maxTokens !== undefined) inputs.max_tokens = maxTokens;
  }
  if (check.failed) return { errors: check.errors };

  const kept = Object.fromEntries(
    Object.entries(original?.run_settings ?? {}).filter(([k]) => !EDITED_SETTINGS.includes(k)),
  );
  const runSettings: RunSettings = { ...kept };
  if (interval !== undefined) runSettings.interval_seconds = interval;
  if (s.cron.trim()) runSettings.cron = s.cron.trim();
  // Written out even for the default, so what each tick starts is stated on the scenario.
  runSettings.schedule_kind = s.scheduleKind;
  if (iterations !== undefined) runSettings.iterations = iterations;
  if (concurrency !== undefined) runSettings.concurrency = concurrency;
  if (timeout !== undefined) runSettings.timeout_s = timeout;

  return {
    errors: {},
    body: {
      name: s.name.trim(),
      automation_id: Number(s.automationId),
      description: s.description.trim() || null,
      inputs_template: inputs,
      run_settings: runSettings,
      thresholds: lines(s.thresholds),
      assertions,
      schedule_enabled: s.scheduleEnabled,
    },
  };
}

/** The API's field paths (of `ScenarioCreate`), each with the form field that shows its message. */
export const SCENARIO_FIELD_PATHS: FieldPaths<ScenarioFormState> = [
  ['name', 'name'],
  ['automation_id', 'automationId'],
  ['description', 'description'],
  ['inputs_template.prompt', 'prompt'],
  ['inputs_template.model', 'model'],
  ['inputs_template.max_tokens', 'maxTokens'],
  ['inputs_template', 'inputs'],
  ['run_settings.interval_seconds', 'intervalSeconds'],
  ['run_settings.cron', 'cron'],
  ['run_settings.schedule_kind', 'scheduleKind'],
  ['run_settings.iterations', 'iterations'],
  ['run_settings.concurrency', 'concurrency'],
  ['run_settings.timeout_s', 'timeoutS'],
  ['thresholds', 'thresholds'],
  ['assertions', 'assertions'],
  ['schedule_enabled', 'scheduleEnabled'],
];

/** The schedule part of the run settings as typed so far, for the estimate; null while unparsable. */
export function scheduleSettingsOf(s: ScenarioFormState): RunSettings | null {
  const interval = parseOptionalNumber(s.intervalSeconds, INTERVAL);
  const iterations = parseOptionalNumber(s.iterations, { min: 1, max: 100_000 });
  if (!interval.ok || !iterations.ok) return null;
  if (interval.value !== undefined && s.cron.trim()) return null;
  return {
    ...(interval.value !== undefined ? { interval_seconds: interval.value } : {}),
    ...(s.cron.trim() ? { cron: s.cron.trim() } : {}),
    schedule_kind: s.scheduleKind,
    ...(iterations.value !== undefined ? { iterations: iterations.value } : {}),
  };
}
