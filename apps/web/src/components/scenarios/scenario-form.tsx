'use client';

import type { Automation, RunSettings, Scenario, ScenarioCreate } from '@tfbench/contract';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FormFooter } from '@/components/shared/form-footer';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { CodeTextarea, Input, Textarea } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { SelectBox } from '@/components/ui/select';
import { Switch } from '@/components/ui/switch';
import { ApiError } from '@/lib/api';
import { lines, parseJsonArray, parseJsonObject, parseOptionalNumber, toJsonText } from '@/lib/json-input';
import { fieldMessage, userMessage } from '@/lib/user-messages';
import { ScheduleEstimateText, useScheduleEstimate } from './schedule-estimate';

interface FormState {
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
}

const numText = (v: unknown) => (typeof v === 'number' ? String(v) : '');

function initialState(s: Scenario | undefined, automations: Automation[]): FormState {
  const rs = s?.run_settings ?? {};
  return {
    name: s?.name ?? '',
    automationId: s ? String(s.automation_id) : automations[0] ? String(automations[0].id) : '',
    description: s?.description ?? '',
    inputs: toJsonText(s?.inputs_template),
    intervalSeconds: numText(rs.interval_seconds),
    cron: typeof rs.cron === 'string' ? rs.cron : '',
    scheduleKind: rs.schedule_kind === 'benchmark' ? 'benchmark' : 'run',
    iterations: numText(rs.iterations),
    concurrency: numText(rs.concurrency),
    timeoutS: numText(rs.timeout_s),
    thresholds: (s?.thresholds ?? []).join('\n'),
    assertions: toJsonText(s?.assertions),
    scheduleEnabled: s?.schedule_enabled ?? false,
  };
}

type Errors = Partial<Record<keyof FormState | 'form', string>>;

/** Run-settings keys this form edits; any others on the scenario are kept as they are. */
const EDITED_SETTINGS = [
  'interval_seconds',
  'cron',
  'schedule_kind',
  'iterations',
  'concurrency',
  'timeout_s',
];

function validate(s: FormState, original: Scenario | undefined): { errors: Errors; body?: ScenarioCreate } {
  const errors: Errors = {};
  if (s.name.trim() === '') errors.name = 'Give the scenario a name.';
  if (s.automationId === '') errors.automationId = 'Pick the automation this scenario runs.';
  const inputs = parseJsonObject(s.inputs);
  if (!inputs.ok) errors.inputs = `Inputs ${inputs.error}.`;
  const assertions = parseJsonArray(s.assertions);
  if (!assertions.ok) errors.assertions = `Assertions ${assertions.error}.`;
  const interval = parseOptionalNumber(s.intervalSeconds, { min: 1, max: 366 * 86_400 });
  if (!interval.ok) errors.intervalSeconds = `Interval ${interval.error}.`;
  const iterations = parseOptionalNumber(s.iterations, { min: 1, max: 1_000_000 });
  if (!iterations.ok) errors.iterations = `Iterations ${iterations.error}.`;
  const concurrency = parseOptionalNumber(s.concurrency, { min: 1, max: 1000 });
  if (!concurrency.ok) errors.concurrency = `Concurrency ${concurrency.error}.`;
  const timeout = parseOptionalNumber(s.timeoutS, { min: 0.001, max: 86_400, integer: false });
  if (!timeout.ok) errors.timeoutS = `Timeout ${timeout.error}.`;
  if (s.intervalSeconds.trim() && s.cron.trim())
    errors.cron = 'Use an interval or a cron expression, not both.';
  if (s.scheduleEnabled && !s.intervalSeconds.trim() && !s.cron.trim())
    errors.scheduleEnabled = 'A schedule needs an interval or a cron expression.';
  if (s.scheduleKind === 'benchmark' && !s.iterations.trim())
    errors.iterations = 'A benchmark per tick needs its number of iterations.';
  if (Object.keys(errors).length > 0) return { errors };
  if (!inputs.ok || !assertions.ok || !interval.ok || !iterations.ok || !concurrency.ok || !timeout.ok)
    return { errors };

  const kept = Object.fromEntries(
    Object.entries(original?.run_settings ?? {}).filter(([k]) => !EDITED_SETTINGS.includes(k)),
  );
  const runSettings: RunSettings = { ...kept };
  if (interval.value !== undefined) runSettings.interval_seconds = interval.value;
  if (s.cron.trim()) runSettings.cron = s.cron.trim();
  // Written out even for the default, so what each tick starts is stated on the scenario.
  runSettings.schedule_kind = s.scheduleKind;
  if (iterations.value !== undefined) runSettings.iterations = iterations.value;
  if (concurrency.value !== undefined) runSettings.concurrency = concurrency.value;
  if (timeout.value !== undefined) runSettings.timeout_s = timeout.value;

  return {
    errors,
    body: {
      name: s.name.trim(),
      automation_id: Number(s.automationId),
      description: s.description.trim() || null,
      inputs_template: inputs.value,
      run_settings: runSettings,
      thresholds: lines(s.thresholds),
      assertions: assertions.value,
      schedule_enabled: s.scheduleEnabled,
    },
  };
}

function apiFieldErrors(error: ApiError): Errors {
  const out: Errors = {};
  const map: Array<[string, keyof FormState]> = [
    ['name', 'name'],
    ['automation_id', 'automationId'],
    ['description', 'description'],
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
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    const hit = map.find(([prefix]) => field === prefix || field.startsWith(`${prefix}.`));
    // Several thresholds (or assertions) can be wrong at once: show each, in the user's words.
    if (hit) {
      const text = field === hit[0] ? message : fieldMessage(field, message);
      out[hit[1]] = out[hit[1]] ? `${out[hit[1]]}\n${text}` : text;
    } else out.form = fieldMessage(field, message);
  }
  // A 404 on automation_id (it was deleted meanwhile) has no field list but belongs to that field.
  if (Object.keys(out).length === 0 && error.status === 404) out.automationId = error.message;
  if (Object.keys(out).length === 0) out.form = userMessage(error);
  return out;
}

/** The schedule part of the run settings as typed so far, for the estimate; null while unparsable. */
function scheduleSettingsOf(s: FormState): RunSettings | null {
  const interval = parseOptionalNumber(s.intervalSeconds, { min: 1, max: 366 * 86_400 });
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

/** Create or edit a scenario: its automation, inputs, run settings, thresholds, assertions, schedule. */
export function ScenarioFormDialog({
  open,
  onOpenChange,
  scenario,
  automations,
  save,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  scenario?: Scenario;
  automations: Automation[];
  save: (body: ScenarioCreate) => Promise<Scenario>;
  onSaved: (saved: Scenario) => void;
}) {
  const [state, setState] = useState<FormState>(() => initialState(scenario, automations));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  // Reset only when the dialog opens, not each time the automations list refreshes.
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open && !wasOpen.current) {
      setState(initialState(scenario, automations));
      setErrors({});
    }
    wasOpen.current = open;
  }, [open, scenario, automations]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setState((s) => ({ ...s, [key]: value }));

  const estimate = useScheduleEstimate(open ? scheduleSettingsOf(state) : null, {
    scenario_id: scenario?.id,
    automation_id: state.automationId ? Number(state.automationId) : undefined,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { errors: found, body } = validate(state, scenario);
    setErrors(found);
    if (!body) return;
    setBusy(true);
    try {
      const saved = await save(body);
      onSaved(saved);
      onOpenChange(false);
    } catch (e) {
      setErrors(e instanceof ApiError ? apiFieldErrors(e) : { form: String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl" data-testid="scenario-form">
        <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-4">
          <DialogHeader>
            <DialogTitle>{scenario ? `Edit ${scenario.name}` : 'New scenario'}</DialogTitle>
            <DialogDescription>
              A test case: which automation, with which inputs, how often and how hard, and what counts as
              good.
            </DialogDescription>
          </DialogHeader>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <Field label="Name" required error={errors.name}>
              <Input value={state.name} onChange={(e) => set('name', e.target.value)} autoComplete="off" />
            </Field>
            <Field label="Automation" required error={errors.automationId}>
              <SelectBox
                value={state.automationId}
                onValueChange={(v) => set('automationId', v)}
                placeholder="Pick an automation"
                options={automations.map((a) => ({ value: String(a.id), label: a.name }))}
              />
            </Field>
            <Field label="Description" error={errors.description} className="sm:col-span-2">
              <Textarea
                value={state.description}
                onChange={(e) => set('description', e.target.value)}
                className="min-h-16"
              />
            </Field>
            <Field
              label="Inputs (JSON)"
              hint="Merged over the automation's default inputs, key by key."
              error={errors.inputs}
              className="sm:col-span-2"
            >
              <CodeTextarea
                className="min-h-24"
                value={state.inputs}
                onChange={(e) => set('inputs', e.target.value)}
                placeholder={'{\n  "goal": "Find the cheapest item"\n}'}
              />
            </Field>
          </div>

          <fieldset className="grid grid-cols-1 gap-4 rounded-lg border p-3 sm:grid-cols-3 sm:p-4">
            <legend className="px-1 text-sm font-medium">Run settings</legend>
            <Field label="Iterations" hint="Runs per benchmark." error={errors.iterations}>
              <Input
                inputMode="numeric"
                value={state.iterations}
                onChange={(e) => set('iterations', e.target.value)}
              />
            </Field>
            <Field label="Concurrency" hint="Runs in flight at once." error={errors.concurrency}>
              <Input
                inputMode="numeric"
                value={state.concurrency}
                onChange={(e) => set('concurrency', e.target.value)}
              />
            </Field>
            <Field label="Timeout (s)" hint="Deadline of one run." error={errors.timeoutS}>
              <Input
                inputMode="decimal"
                value={state.timeoutS}
                onChange={(e) => set('timeoutS', e.target.value)}
              />
            </Field>
          </fieldset>

          <fieldset className="grid grid-cols-1 gap-4 rounded-lg border p-3 sm:grid-cols-3 sm:p-4">
            <legend className="px-1 text-sm font-medium">Schedule</legend>
            <div className="grid grid-cols-1 gap-1.5">
              <Label htmlFor="schedule-enabled">Scheduled</Label>
              <div className="flex h-9 items-center gap-3">
                <Switch
                  id="schedule-enabled"
                  checked={state.scheduleEnabled}
                  onCheckedChange={(v) => set('scheduleEnabled', v)}
                  aria-describedby={errors.scheduleEnabled ? 'schedule-error' : undefined}
                />
                <span className="text-sm text-muted-foreground">{state.scheduleEnabled ? 'On' : 'Off'}</span>
              </div>
              {errors.scheduleEnabled ? (
                <p id="schedule-error" role="alert" className="text-xs font-medium text-destructive">
                  {errors.scheduleEnabled}
                </p>
              ) : null}
            </div>
            <Field
              label="Every (seconds)"
              hint="e.g. 300 for every 5 minutes."
              error={errors.intervalSeconds}
            >
              <Input
                inputMode="numeric"
                value={state.intervalSeconds}
                onChange={(e) => set('intervalSeconds', e.target.value)}
              />
            </Field>
            <Field label="Or cron" hint="e.g. */15 * * * *" error={errors.cron}>
              <Input
                className="font-mono"
                spellCheck={false}
                value={state.cron}
                onChange={(e) => set('cron', e.target.value)}
              />
            </Field>
            <Field
              label="Each tick starts"
              hint="A benchmark runs Iterations runs on every tick."
              error={errors.scheduleKind}
              className="sm:col-span-3"
            >
              <SelectBox
                value={state.scheduleKind}
                onValueChange={(v) => set('scheduleKind', v === 'benchmark' ? 'benchmark' : 'run')}
                options={[
                  { value: 'run', label: 'One run' },
                  {
                    value: 'benchmark',
                    label: `A benchmark of ${state.iterations.trim() || 'Iterations'} runs`,
                  },
                ]}
              />
            </Field>
            <div className="sm:col-span-3">
              <ScheduleEstimateText estimate={estimate} />
            </div>
          </fieldset>

          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <Field
              label="Thresholds"
              hint="One per line, e.g. p95(total_duration_ms) < 30000 or success_rate >= 0.95."
              error={errors.thresholds}
            >
              <CodeTextarea
                className="min-h-24"
                value={state.thresholds}
                onChange={(e) => set('thresholds', e.target.value)}
              />
            </Field>
            <Field
              label="Assertions (JSON array)"
              hint="Checks applied to each run's result."
              error={errors.assertions}
            >
              <CodeTextarea
                className="min-h-24"
                value={state.assertions}
                onChange={(e) => set('assertions', e.target.value)}
                placeholder="[]"
              />
            </Field>
          </div>

          <FormFooter
            error={errors.form}
            busy={busy}
            onCancel={() => onOpenChange(false)}
            submitLabel={scenario ? 'Save changes' : 'Create scenario'}
            busyLabel="Saving…"
            submitTestId="scenario-save"
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
