'use client';

import { NumberField, SelectField } from '@/components/forms/fields';
import { FieldGrid } from '@/components/forms/form-dialog';
import type { FormBinding } from '@/components/forms/use-form';
import { parseOptionalNumber } from '@/lib/json-input';
import type { BenchmarkFormState } from './benchmark-form-values';
import { SweepSketch } from './sweep-sketch';

const OVER_OPTIONS = [
  { value: 'rate', label: 'Arrival rate — constant-rate steps' },
  { value: 'concurrency', label: 'Concurrency — closed steps, runs in flight' },
];

const number = (text: string) => {
  const parsed = parseOptionalNumber(text, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: false });
  return parsed.ok ? parsed.value : undefined;
};

/** A sweep's points and how long each runs, with a sketch of the steps it plans. */
export function SweepFields({ form }: { form: FormBinding<BenchmarkFormState> }) {
  const v = form.values;
  const points = number(v.sweepPoints);
  const duration = number(v.sweepDurationS);
  const valid = points !== undefined && Number.isInteger(points) && points >= 2 && points <= 50 && !!duration;
  return (
    <section className="grid gap-3" aria-label="Sweep">
      <FieldGrid className="items-start">
        <NumberField
          form={form}
          name="sweepPoints"
          label="Number of points"
          required
          hint="Constant rates from the synchronous to the throughput rate (2 to 50)."
        />
        <NumberField
          form={form}
          name="sweepDurationS"
          label="Duration per point (s)"
          required
          hint="Each probe and each point runs this long, at most Iterations runs."
          decimal
        />
      </FieldGrid>
      {valid ? (
        <SweepSketch points={points} durationS={duration} />
      ) : (
        <p
          className="rounded-md border border-dashed p-3 text-xs text-muted-foreground"
          data-testid="series-preview"
        >
          The sketch appears once the points and the duration are valid.
        </p>
      )}
    </section>
  );
}

/** The sentence that explains what a search with these values will do. */
export function describeSearch(v: BenchmarkFormState): string {
  const byConcurrency = v.searchOver === 'concurrency';
  const unit = byConcurrency ? 'runs in flight' : 'runs per second';
  const start = number(v.searchStart) ?? 1;
  const max = number(v.searchMax) ?? (byConcurrency ? number(v.concurrency) : 10_000);
  const target = number(v.searchTarget);
  const percent = target !== undefined && target > 0 && target < 1 ? `${+(target * 100).toFixed(2)} %` : '…';
  const end = byConcurrency ? 'to within 1 run in flight' : 'until the bracket is within 10 % of its top';
  return (
    `Starts at ${start} ${unit} and doubles the load (up to ${max ?? '…'}) until a probe fails, then bisects ${end}. ` +
    `A probe passes when the lower bound of its SLO attainment's 95 % interval reaches ${percent}, ` +
    `fails when the upper bound is below it, and otherwise runs another ${v.iterations || '…'} runs.`
  );
}

/** A saturation search's target, what it varies and its range, with a line explaining it. */
export function SearchFields({ form }: { form: FormBinding<BenchmarkFormState> }) {
  const v = form.values;
  const unit = v.searchOver === 'concurrency' ? 'runs in flight' : 'runs/s';
  return (
    <section className="grid gap-3" aria-label="Search">
      <FieldGrid className="items-start">
        <NumberField
          form={form}
          name="searchTarget"
          label="Target attainment"
          required
          hint="The share of runs that must meet the SLO, e.g. 0.95."
          decimal
        />
        <SelectField form={form} name="searchOver" label="Search over" options={OVER_OPTIONS} />
        <NumberField
          form={form}
          name="searchStart"
          label={`Start (${unit})`}
          hint="The first load probed (default 1)."
          decimal={v.searchOver === 'rate'}
        />
        <NumberField
          form={form}
          name="searchMax"
          label={`Most (${unit})`}
          hint={v.searchOver === 'concurrency' ? 'Default: the concurrency.' : 'Default: 10000 per second.'}
          decimal={v.searchOver === 'rate'}
        />
      </FieldGrid>
      <p className="rounded-md border p-3 text-xs text-muted-foreground" data-testid="series-preview">
        {describeSearch(v)}
      </p>
    </section>
  );
}

/** The per-request SLO: optional bounds in ms; a search needs at least one (or the scenario's). */
export function SloFields({
  form,
  required,
  scenarioSlo,
}: {
  form: FormBinding<BenchmarkFormState>;
  required: boolean;
  scenarioSlo: boolean;
}) {
  return (
    <section className="grid gap-2" aria-label="SLO">
      <p className="text-xs text-muted-foreground" data-testid="slo-note">
        {required && !scenarioSlo
          ? 'A search judges SLO attainment: give at least one bound.'
          : scenarioSlo
            ? "Empty: the scenario's SLO. A run is good when it completed within every bound given."
            : 'Optional. A run is good when it completed within every bound given; the summary adds attainment and goodput.'}
      </p>
      <FieldGrid className="items-start">
        <NumberField form={form} name="sloTtftMs" label="SLO: time to first token (ms)" decimal />
        <NumberField form={form} name="sloTotalMs" label="SLO: total duration (ms)" decimal />
        <NumberField form={form} name="sloItlMs" label="SLO: inter-token latency (ms)" decimal />
        <NumberField form={form} name="sloTpotMs" label="SLO: time per output token (ms)" decimal />
      </FieldGrid>
    </section>
  );
}
