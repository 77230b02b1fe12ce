'use client';

import type { Automation, Scenario, ScenarioCreate } from '@tfbench/contract';
import { useEffect } from 'react';
import {
  DescriptionField,
  JsonField,
  NameField,
  NumberField,
  SelectField,
  TextField,
} from '@/components/forms/fields';
import { FieldGrid, FormSection, ResourceFormDialog } from '@/components/forms/form-dialog';
import { SwitchField } from '@/components/forms/switch-fields';
import { useForm } from '@/components/forms/use-form';
import { saveErrors } from '@/lib/form-checks';
import {
  initialScenarioState,
  providerOf,
  SCENARIO_FIELD_PATHS,
  type ScenarioFormState,
  scheduleSettingsOf,
  validateScenario,
} from './scenario-form-values';
import { ScheduleEstimateText, useScheduleEstimate } from './schedule-estimate';

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
  const form = useForm({
    open,
    onOpenChange,
    initial: () => initialScenarioState(scenario, automations),
    validate: (values: ScenarioFormState) =>
      validateScenario(values, scenario, providerOf(values.automationId, automations)),
    send: async (body: ScenarioCreate) => onSaved(await save(body)),
    errorsOf: (error) =>
      // A 404 on automation_id (it was deleted meanwhile) has no field list but belongs to that field.
      saveErrors(error, SCENARIO_FIELD_PATHS, (e) =>
        e.status === 404 ? { automationId: e.message } : undefined,
      ),
  });
  const state = form.values;
  const openai = providerOf(state.automationId, automations) === 'openai';
  // A new scenario starts on the first automation; opened before the list arrived, the form
  // picks it once the list comes, as it would have had the list been there.
  const firstAutomationId = automations[0]?.id;
  const setField = form.set;
  useEffect(() => {
    if (open && !scenario && state.automationId === '' && firstAutomationId !== undefined)
      setField('automationId', String(firstAutomationId));
  }, [open, scenario, state.automationId, firstAutomationId, setField]);

  const estimate = useScheduleEstimate(open ? scheduleSettingsOf(state) : null, {
    scenario_id: scenario?.id,
    automation_id: state.automationId ? Number(state.automationId) : undefined,
  });

  return (
    <ResourceFormDialog
      form={form}
      noun="scenario"
      item={scenario}
      description="A test case: which automation, with which inputs, how often and how hard, and what counts as good."
    >
      <FieldGrid>
        <NameField form={form} />
        <SelectField
          form={form}
          name="automationId"
          label="Automation"
          required
          placeholder="Pick an automation"
          options={automations.map((a) => ({ value: String(a.id), label: a.name }))}
        />
        <DescriptionField form={form} />
        {openai ? (
          <>
            <TextField
              form={form}
              name="prompt"
              label="Prompt"
              hint="Sent as one user message (chat) or as the prompt (completions)."
              multiline
              placeholder="Write a haiku about latency."
              controlClassName="min-h-20"
              className="sm:col-span-2"
            />
            <TextField form={form} name="model" label="Model" hint="Empty: the automation's default model." />
            <NumberField
              form={form}
              name="maxTokens"
              label="Max tokens"
              hint="Empty: the automation's default."
            />
          </>
        ) : null}
        <JsonField
          form={form}
          name="inputs"
          label={openai ? 'Other inputs (JSON)' : 'Inputs (JSON)'}
          hint="Merged over the automation's default inputs, key by key."
          placeholder={
            openai ? '{\n  "temperature": 0,\n  "seed": 1\n}' : '{\n  "goal": "Find the cheapest item"\n}'
          }
          className="sm:col-span-2"
        />
      </FieldGrid>

      <FormSection legend="Run settings" columns={3}>
        <NumberField form={form} name="iterations" label="Iterations" hint="Runs per benchmark." />
        <NumberField form={form} name="concurrency" label="Concurrency" hint="Runs in flight at once." />
        <NumberField form={form} name="timeoutS" label="Timeout (s)" hint="Deadline of one run." decimal />
      </FormSection>

      <FormSection legend="Schedule" columns={3}>
        <SwitchField form={form} name="scheduleEnabled" label="Scheduled" />
        <NumberField
          form={form}
          name="intervalSeconds"
          label="Every (seconds)"
          hint="e.g. 300 for every 5 minutes."
        />
        <TextField
          form={form}
          name="cron"
          label="Or cron"
          hint="e.g. */15 * * * *"
          controlClassName="font-mono"
          spellCheck={false}
        />
        <SelectField
          form={form}
          name="scheduleKind"
          label="Each tick starts"
          hint="A benchmark runs Iterations runs on every tick."
          className="sm:col-span-3"
          options={[
            { value: 'run', label: 'One run' },
            { value: 'benchmark', label: `A benchmark of ${state.iterations.trim() || 'Iterations'} runs` },
          ]}
        />
        <div className="sm:col-span-3">
          <ScheduleEstimateText estimate={estimate} />
        </div>
      </FormSection>

      <FieldGrid>
        <TextField
          form={form}
          name="thresholds"
          label="Thresholds"
          hint={
            openai
              ? 'One per line, e.g. p95(tpot_ms) < 50, mean(output_tokens_per_s) > 30, p95(ttft_ms) < 500 or success_rate >= 0.95.'
              : 'One per line, e.g. p95(total_duration_ms) < 30000 or success_rate >= 0.95.'
          }
          code
          controlClassName="min-h-24"
        />
        <JsonField
          form={form}
          name="assertions"
          label="Assertions (JSON array)"
          hint="Checks applied to each run's result."
          placeholder="[]"
        />
      </FieldGrid>
    </ResourceFormDialog>
  );
}
