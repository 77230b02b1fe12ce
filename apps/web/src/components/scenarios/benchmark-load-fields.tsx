'use client';

import type { Dataset } from '@tfbench/contract';
import { NumberField, SelectField, TextField } from '@/components/forms/fields';
import { FieldGrid } from '@/components/forms/form-dialog';
import type { FormBinding } from '@/components/forms/use-form';
import { parseOptionalNumber } from '@/lib/json-input';
import { type LoadCurve, loadCurve } from '@/lib/load-curve';
import type { BenchmarkFormState } from './benchmark-form-values';
import { NO_DATASET, NO_PRECISION_TARGET, parseStages, targetUnit } from './benchmark-load-values';
import { LoadPreview } from './load-preview';
import { StageEditor } from './stage-editor';

const SHAPE_OPTIONS = [
  { value: 'steady', label: 'Steady — one load from start to end' },
  { value: 'stages', label: 'Ramping stages — the target moves stage by stage' },
];

const ORDER_OPTIONS = [
  { value: 'sequential', label: 'Sequential — row after row, wrapping around' },
  { value: 'shuffle', label: 'Shuffle — a seeded permutation each pass' },
  { value: 'sample', label: 'Sample — a random row each run' },
];

// The metrics a precision target is usually about; the API accepts every threshold metric.
const PRECISION_OPTIONS = [
  { value: NO_PRECISION_TARGET, label: 'None — run every iteration' },
  ...['total_duration_ms', 'ttft_ms', 'itl_mean', 'queue_wait_ms', 'cost_usd'].map((m) => ({
    value: m,
    label: m,
  })),
];

const number = (text: string) => {
  const parsed = parseOptionalNumber(text, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: false });
  return parsed.ok ? parsed.value : undefined;
};

/** The curve the form's values describe, or null while they are not valid. */
export function curveOfForm(v: BenchmarkFormState): LoadCurve | null {
  if (v.arrival === 'sweep' || v.arrival === 'search') return null;
  const arrival = v.arrival;
  const concurrency = number(v.concurrency);
  const iterations = number(v.iterations);
  if (!concurrency || !iterations) return null;
  if (v.shape === 'steady') {
    const rate = number(v.rate);
    if (arrival !== 'closed' && !rate) return null;
    return loadCurve({ arrival, stages: [], concurrency, rate, iterations });
  }
  const parsed = parseStages(v.stages, arrival, concurrency);
  if ('error' in parsed) return null;
  return loadCurve({
    arrival,
    stages: parsed.stages,
    start: number(v.startTarget),
    concurrency,
    iterations,
  });
}

/** The load shape (steady or ramping stages) with the preview of the intended load. */
export function LoadShapeFields({ form }: { form: FormBinding<BenchmarkFormState> }) {
  const v = form.values;
  const unit = targetUnit(v.arrival);
  return (
    <section className="grid gap-3" aria-label="Load profile">
      <FieldGrid className="items-start">
        <SelectField form={form} name="shape" label="Load shape" options={SHAPE_OPTIONS} />
        {v.shape === 'stages' ? (
          <NumberField
            form={form}
            name="startTarget"
            label={`Start target (${unit})`}
            hint={
              v.arrival === 'closed'
                ? 'When the first stage begins (default 1).'
                : 'When the first stage begins (default 0).'
            }
            decimal
          />
        ) : null}
      </FieldGrid>
      {v.shape === 'stages' ? (
        <StageEditor
          stages={v.stages}
          onChange={(stages) => form.set('stages', stages)}
          unit={unit}
          error={form.errors.stages}
          disabled={form.busy}
        />
      ) : null}
      <LoadPreview curve={curveOfForm(v)} />
    </section>
  );
}

/** Which dataset feeds the runs, in which order; none leaves the scenario's own setting. */
export function DatasetFields({
  form,
  datasets,
}: {
  form: FormBinding<BenchmarkFormState>;
  datasets: readonly Dataset[];
}) {
  const options = [
    { value: NO_DATASET, label: "None — the scenario's setting" },
    ...datasets.map((d) => ({
      value: String(d.id),
      label: `${d.name} (${d.row_count.toLocaleString('en-US')} rows)`,
    })),
  ];
  const picked = datasets.find((d) => String(d.id) === form.values.datasetId);
  return (
    <FieldGrid className="items-start">
      <SelectField
        form={form}
        name="datasetId"
        label="Dataset"
        options={options}
        hint={
          picked
            ? `Use ${picked.fields.map((f) => `{{row.${f}}}`).join(', ')} in the scenario's inputs.`
            : 'Each run takes one row; {{row.FIELD}} in the inputs is replaced from it.'
        }
        className="sm:col-span-2"
      />
      {form.values.datasetId !== NO_DATASET ? (
        <>
          <SelectField form={form} name="datasetOrder" label="Row order" options={ORDER_OPTIONS} />
          <NumberField
            form={form}
            name="datasetSeed"
            label="Row seed"
            hint="Shuffle and sample (default 1)."
          />
        </>
      ) : null}
    </FieldGrid>
  );
}

/** Early stop conditions, a precision target and repeats (which a series does not take). */
export function StopFields({ form, series }: { form: FormBinding<BenchmarkFormState>; series: boolean }) {
  const precision = form.values.untilMetric !== NO_PRECISION_TARGET;
  return (
    <FieldGrid className="items-start">
      <TextField
        form={form}
        name="stopOn"
        label="Stop early when"
        hint="One condition per line, in the threshold language; the first that holds stops the benchmark."
        code
        placeholder={'error_rate > 0.2\np95(ttft_ms) > 5000\ncost_usd > 10'}
        controlClassName="min-h-16"
        className="sm:col-span-2"
      />
      <NumberField
        form={form}
        name="minRuns"
        label="Judge after (runs)"
        hint="Measured runs before the first check (default 10)."
      />
      <NumberField
        form={form}
        name="stopCheckEvery"
        label="Judge again every (runs)"
        hint="After that, each time this many more runs ended (default 5)."
      />
      <SelectField
        form={form}
        name="untilMetric"
        label="Stop once precise: metric"
        options={PRECISION_OPTIONS}
        hint="End (completed) once the mean of this metric is known to ± the half-width (95 % interval)."
      />
      <NumberField
        form={form}
        name="untilHalfwidth"
        label="Half-width"
        required={precision}
        disabled={!precision}
        hint="In the metric's unit (ms for durations)."
        decimal
      />
      {series ? null : (
        <NumberField
          form={form}
          name="repeats"
          label="Repeats"
          hint="Run it this many times; mean ± interval across them (default 1)."
        />
      )}
    </FieldGrid>
  );
}
