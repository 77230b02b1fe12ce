'use client';

import type { BenchmarkArrival, BenchmarkCreate, CreatedBenchmark, Scenario } from '@tfbench/contract';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { capacityQuery } from '@/components/benchmarks/verdict';
import { JsonField, NumberField, SelectField, TextField } from '@/components/forms/fields';
import { FieldGrid, FormDialog } from '@/components/forms/form-dialog';
import { SwitchOption } from '@/components/forms/switch-fields';
import { useForm } from '@/components/forms/use-form';
import { toast } from '@/components/ui/toast';
import { mutations, queries } from '@/lib/api';
import { saveErrors } from '@/lib/form-checks';
import { parseOptionalNumber } from '@/lib/json-input';
import { useQuery } from '@/lib/use-query';
import {
  BENCHMARK_FIELD_PATHS,
  type BenchmarkFormState,
  CONCURRENCY,
  initialBenchmarkState,
  scenarioHasSlo,
  scenarioTimeout,
  timeoutHint,
  validateBenchmark,
} from './benchmark-form-values';
import { DatasetFields, LoadShapeFields, StopFields } from './benchmark-load-fields';
import { SearchFields, SloFields, SweepFields } from './benchmark-series-fields';
import { isSeriesArrival } from './benchmark-series-values';
import { CapacityNotice } from './capacity-notice';

const ARRIVAL_OPTIONS: Array<{ value: BenchmarkArrival; label: string }> = [
  { value: 'closed', label: 'Closed — keep N runs in flight' },
  { value: 'constant', label: 'Constant rate — one run every 1/rate s' },
  { value: 'poisson', label: 'Poisson — random arrivals at the rate' },
  { value: 'sweep', label: 'Sweep — latency against rate, point by point' },
  { value: 'search', label: 'Search — the highest load that keeps the SLO' },
];

/** A heading between groups of the dialog's fields. */
function SectionHeading({ children }: { children: string }) {
  return <h3 className="border-t pt-3 text-sm font-semibold">{children}</h3>;
}

/** Says the benchmark started (and any warning the API gave with it), with a link to its page. */
function announceStarted(created: CreatedBenchmark, scenarioName: string): void {
  const warnings = created.warnings ?? [];
  const action = (
    <Link href={`/benchmarks/${created.id}`} className="font-medium text-primary hover:underline">
      Open benchmark #{created.id}
    </Link>
  );
  const topic = `benchmark-${created.id}`;
  toast(
    warnings.length > 0
      ? {
          title: `Benchmark #${created.id} started, with a warning`,
          description: warnings.map((w) => String(w.message ?? '')).join(' '),
          topic,
          action,
        }
      : {
          title: `Benchmark #${created.id} started`,
          description: scenarioName,
          variant: 'success',
          topic,
          action,
        },
  );
}

/**
 * Start a benchmark of a scenario: N runs at a concurrency (closed arrival) or at a rate
 * (constant or Poisson arrivals), with warm-up runs and thresholds. Opens the benchmark
 * page once it is created.
 */
export function BenchmarkDialog({
  scenario,
  open,
  onOpenChange,
}: {
  scenario: Scenario | undefined;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  if (!scenario) return null;
  return <BenchmarkForm key={scenario.id} scenario={scenario} open={open} onOpenChange={onOpenChange} />;
}

function BenchmarkForm({
  scenario,
  open,
  onOpenChange,
}: {
  scenario: Scenario;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const capacity = useQuery(open ? capacityQuery : null);
  const datasets = useQuery(open ? queries.datasets() : null);
  const form = useForm({
    open,
    onOpenChange,
    initial: () => initialBenchmarkState(scenario),
    validate: (values: BenchmarkFormState) => validateBenchmark(values, scenario),
    send: async (body: BenchmarkCreate) => {
      const created = await mutations.createBenchmark(body);
      announceStarted(created, scenario.name);
      router.push(`/benchmarks/${created.id}`);
    },
    errorsOf: (error) =>
      saveErrors(error, BENCHMARK_FIELD_PATHS, (e) =>
        e.isMissingEndpoint ? { form: `This API does not run benchmarks yet (${e.message}).` } : undefined,
      ),
  });
  const series = isSeriesArrival(form.values.arrival);
  const isOpenArrival = form.values.arrival === 'constant' || form.values.arrival === 'poisson';
  const ramping = form.values.shape === 'stages';
  const concurrency = parseOptionalNumber(form.values.concurrency, CONCURRENCY);

  return (
    <FormDialog
      form={form}
      title="Start a benchmark"
      description={`Runs “${scenario.name}” many times and summarises latency percentiles, success rate and cost.`}
      testId="benchmark-dialog"
      submit={{ label: 'Start benchmark', busyLabel: 'Starting…', testId: 'benchmark-start' }}
    >
      <FieldGrid>
        <TextField
          form={form}
          name="name"
          label="Name"
          hint="Optional, to find it again."
          autoComplete="off"
          className="sm:col-span-2"
        />
        <NumberField
          form={form}
          name="iterations"
          label="Iterations"
          required
          hint="Measured runs (warm-up not included)."
        />
        <NumberField
          form={form}
          name="concurrency"
          label="Concurrency"
          required
          hint={
            series
              ? 'Most runs in flight; the throughput probe keeps this many.'
              : isOpenArrival
                ? 'Most runs in flight at once.'
                : 'Runs kept in flight at once.'
          }
        />
        <CapacityNotice
          concurrency={concurrency.ok ? (concurrency.value ?? null) : null}
          capacity={capacity.data}
        />
        <SelectField form={form} name="arrival" label="Arrival" options={ARRIVAL_OPTIONS} />
        <NumberField
          form={form}
          name="rate"
          label="Rate (runs per second)"
          required={isOpenArrival && !ramping}
          hint={
            series
              ? 'Each step of the series sets its own.'
              : ramping
                ? 'Set by the stages.'
                : isOpenArrival
                  ? 'Latency is also measured from each intended start.'
                  : 'Only for open arrivals.'
          }
          decimal
          disabled={!isOpenArrival || ramping}
        />
        {isOpenArrival ? (
          <>
            <NumberField
              form={form}
              name="maxLagS"
              label="Max lag (s)"
              hint="Drop an arrival that gets no slot within this long (default 5)."
              decimal
            />
            <NumberField
              form={form}
              name="seed"
              label="Seed"
              hint="Same seed, same arrival schedule. Empty: random."
            />
          </>
        ) : null}
        <NumberField
          form={form}
          name="warmup"
          label="Warm-up runs"
          hint="Run first, left out of the statistics."
        />
        <NumberField
          form={form}
          name="timeoutS"
          label="Timeout per run (s)"
          hint={timeoutHint(scenario)}
          placeholder={scenarioTimeout(scenario) ?? ''}
          decimal
        />
        {series ? null : (
          <NumberField
            form={form}
            name="durationS"
            label="Max duration (s)"
            hint="Optional: stop sending after this long."
          />
        )}
      </FieldGrid>
      {form.values.arrival === 'sweep' ? <SweepFields form={form} /> : null}
      {form.values.arrival === 'search' ? <SearchFields form={form} /> : null}
      {series ? null : <LoadShapeFields form={form} />}
      <SectionHeading>Service-level objective</SectionHeading>
      <SloFields
        form={form}
        required={form.values.arrival === 'search'}
        scenarioSlo={scenarioHasSlo(scenario)}
      />
      <SectionHeading>Inputs from a dataset</SectionHeading>
      <DatasetFields form={form} datasets={Array.isArray(datasets.data) ? datasets.data : []} />
      <SectionHeading>{series ? 'Early stop, per step' : 'Early stop and repeats'}</SectionHeading>
      <StopFields form={form} series={series} />
      <SectionHeading>Thresholds and inputs</SectionHeading>
      <FieldGrid>
        <TextField
          form={form}
          name="thresholds"
          label="Thresholds"
          hint="One per line, checked when the benchmark ends."
          code
          placeholder={'p95(total_duration_ms) < 30000\nsuccess_rate >= 0.95'}
          controlClassName="min-h-20"
          className="sm:col-span-2"
        />
        <JsonField
          form={form}
          name="inputs"
          label="Inputs override (JSON)"
          hint="Optional, merged over the scenario's inputs for these runs."
          controlClassName="min-h-16"
          className="sm:col-span-2"
        />
      </FieldGrid>
      <FieldGrid className="gap-3">
        <SwitchOption
          form={form}
          name="strictCapacity"
          label="Refuse if the workers cannot hold it"
          description="Instead of starting with a warning (strict_capacity)."
        />
        {isOpenArrival ? (
          <SwitchOption
            form={form}
            name="checkDroppedRuns"
            label="Fail the verdict on dropped runs"
            description="The built-in check dropped_runs == 0."
          />
        ) : null}
      </FieldGrid>
    </FormDialog>
  );
}
