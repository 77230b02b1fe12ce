'use client';

import type { BenchmarkArrival, BenchmarkCreate, Scenario, WorkerCapacity } from '@tfbench/contract';
import { TriangleAlertIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { capacityQuery } from '@/components/benchmarks/verdict';
import { FormFooter } from '@/components/shared/form-footer';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { CodeTextarea, Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { SelectBox } from '@/components/ui/select';
import { Switch } from '@/components/ui/switch';
import { toast } from '@/components/ui/toast';
import { ApiError, mutations } from '@/lib/api';
import { formatCount } from '@/lib/format';
import { lines, parseJsonObject, parseOptionalNumber } from '@/lib/json-input';
import { useQuery } from '@/lib/use-query';
import { fieldMessage, userMessage } from '@/lib/user-messages';

const ARRIVAL_OPTIONS: Array<{ value: BenchmarkArrival; label: string }> = [
  { value: 'closed', label: 'Closed — keep N runs in flight' },
  { value: 'constant', label: 'Constant rate — one run every 1/rate s' },
  { value: 'poisson', label: 'Poisson — random arrivals at the rate' },
];

interface FormState {
  name: string;
  iterations: string;
  concurrency: string;
  arrival: BenchmarkArrival;
  rate: string;
  warmup: string;
  durationS: string;
  timeoutS: string;
  thresholds: string;
  inputs: string;
  maxLagS: string;
  seed: string;
  /** Refuse to start when the live workers cannot hold `concurrency` runs at once. */
  strictCapacity: boolean;
  /** Open arrivals: dropped runs fail the verdict. */
  checkDroppedRuns: boolean;
}

type Errors = Partial<Record<keyof FormState | 'form', string>>;

function initialState(s: Scenario): FormState {
  const rs = s.run_settings;
  return {
    name: '',
    iterations: String(rs.iterations ?? 10),
    concurrency: String(rs.concurrency ?? 1),
    arrival: 'closed',
    rate: '1',
    warmup: '0',
    durationS: '',
    // Empty follows the scenario (also when it is edited later); its value shows as the placeholder.
    timeoutS: '',
    thresholds: s.thresholds.join('\n'),
    inputs: '',
    maxLagS: '',
    seed: '',
    strictCapacity: false,
    checkDroppedRuns: true,
  };
}

/** The scenario's own per-run timeout, as text; undefined when it sets none. */
function scenarioTimeout(s: Scenario): string | undefined {
  const t = s.run_settings.timeout_s;
  return typeof t === 'number' && t > 0 ? String(t) : undefined;
}

function timeoutHint(s: Scenario): string {
  const own = scenarioTimeout(s);
  return own
    ? `Empty: the scenario's ${own} s.`
    : "Empty: the scenario's setting (it sets none: the automation's, else 1,500 s).";
}

function validate(s: FormState, scenarioId: number): { errors: Errors; body?: BenchmarkCreate } {
  const errors: Errors = {};
  const iterations = parseOptionalNumber(s.iterations, { min: 1, max: 1_000_000 });
  if (!iterations.ok || iterations.value === undefined)
    errors.iterations = iterations.ok ? 'How many runs? At least 1.' : `Iterations ${iterations.error}.`;
  const concurrency = parseOptionalNumber(s.concurrency, { min: 1, max: 1000 });
  if (!concurrency.ok || concurrency.value === undefined)
    errors.concurrency = concurrency.ok ? 'At least 1 run in flight.' : `Concurrency ${concurrency.error}.`;
  const open = s.arrival !== 'closed';
  const rate = parseOptionalNumber(s.rate, { min: 0.001, max: 10_000, integer: false });
  if (open && (!rate.ok || rate.value === undefined))
    errors.rate = rate.ok ? 'Open arrivals need a rate (runs per second).' : `Rate ${rate.error}.`;
  const warmup = parseOptionalNumber(s.warmup, { min: 0, max: 10_000 });
  if (!warmup.ok) errors.warmup = `Warm-up runs ${warmup.error}.`;
  const duration = parseOptionalNumber(s.durationS, { min: 1, max: 7 * 86_400 });
  if (!duration.ok) errors.durationS = `Duration ${duration.error}.`;
  const timeout = parseOptionalNumber(s.timeoutS, { min: 0.001, max: 86_400, integer: false });
  if (!timeout.ok) errors.timeoutS = `Timeout ${timeout.error}.`;
  const inputs = parseJsonObject(s.inputs);
  if (!inputs.ok) errors.inputs = `Inputs override ${inputs.error}.`;
  const maxLag = parseOptionalNumber(s.maxLagS, { min: 0, max: 3600, integer: false });
  if (!maxLag.ok) errors.maxLagS = `Max lag ${maxLag.error}.`;
  const seed = parseOptionalNumber(s.seed, { min: 0, max: 4_294_967_295 });
  if (!seed.ok) errors.seed = `Seed ${seed.error}.`;
  if (Object.keys(errors).length > 0) return { errors };

  const body: BenchmarkCreate = {
    scenario_id: scenarioId,
    iterations: iterations.ok ? (iterations.value ?? 1) : 1,
    concurrency: concurrency.ok ? (concurrency.value ?? 1) : 1,
    arrival: s.arrival,
  };
  if (s.name.trim()) body.name = s.name.trim();
  if (open && rate.ok && rate.value !== undefined) body.rate_per_s = rate.value;
  if (open && maxLag.ok && maxLag.value !== undefined) body.max_lag_s = maxLag.value;
  if (open && seed.ok && seed.value !== undefined) body.seed = seed.value;
  if (open && !s.checkDroppedRuns) body.check_dropped_runs = false;
  if (s.strictCapacity) body.strict_capacity = true;
  if (warmup.ok && warmup.value !== undefined) body.warmup_runs = warmup.value;
  if (duration.ok && duration.value !== undefined) body.duration_s = duration.value;
  if (timeout.ok && timeout.value !== undefined) body.timeout_s = timeout.value;
  const thresholds = lines(s.thresholds);
  if (thresholds.length > 0) body.thresholds = thresholds;
  if (inputs.ok && Object.keys(inputs.value).length > 0) body.inputs_override = inputs.value;
  return { errors, body };
}

function apiFieldErrors(error: ApiError): Errors {
  const out: Errors = {};
  const map: Record<string, keyof FormState> = {
    name: 'name',
    iterations: 'iterations',
    concurrency: 'concurrency',
    arrival: 'arrival',
    rate_per_s: 'rate',
    warmup_runs: 'warmup',
    duration_s: 'durationS',
    timeout_s: 'timeoutS',
    thresholds: 'thresholds',
    inputs_override: 'inputs',
    max_lag_s: 'maxLagS',
    seed: 'seed',
  };
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    const key = map[field.split('.')[0] ?? ''];
    if (key) out[key] = field.includes('.') ? fieldMessage(field, message) : message;
    else out.form = fieldMessage(field, message);
  }
  if (Object.keys(out).length === 0) {
    out.form = error.isMissingEndpoint
      ? `This API does not run benchmarks yet (${error.message}).`
      : userMessage(error);
  }
  return out;
}

/**
 * Said before the benchmark starts: a concurrency the live workers cannot hold would be capped
 * silently (open arrivals dropped or late, closed ones below the asked concurrency).
 */
function CapacityNotice({
  concurrency,
  capacity,
}: {
  concurrency: number | null;
  capacity: WorkerCapacity | undefined;
}) {
  if (!capacity || concurrency === null || concurrency <= capacity.concurrency) return null;
  const offer =
    capacity.workers === 0
      ? 'No worker is running: runs wait until one starts.'
      : `The ${capacity.workers === 1 ? 'live worker runs' : `${formatCount(capacity.workers)} live workers run`} at most ${formatCount(capacity.concurrency)} at once.`;
  return (
    <div
      role="status"
      data-testid="benchmark-capacity-warning"
      className="flex gap-3 rounded-lg border border-warning/50 bg-warning/10 p-3 text-sm sm:col-span-2"
    >
      <TriangleAlertIcon className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
      <div className="grid grid-cols-1 gap-1">
        <p className="font-medium">
          Concurrency {formatCount(concurrency)} is more than the workers can hold (
          {formatCount(capacity.concurrency)}).
        </p>
        <p className="text-muted-foreground">
          {offer} Add workers or raise WORKER_CONCURRENCY, or lower the concurrency; otherwise runs queue on
          our side and open arrivals are dropped.
        </p>
      </div>
    </div>
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
  const router = useRouter();
  const [state, setState] = useState<FormState | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const capacity = useQuery(open ? capacityQuery : null);

  useEffect(() => {
    if (open && scenario) {
      setState(initialState(scenario));
      setErrors({});
    }
  }, [open, scenario]);

  if (!scenario || !state) return null;
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setState((s) => (s ? { ...s, [key]: value } : s));
  const isOpenArrival = state.arrival !== 'closed';
  const parsedConcurrency = parseOptionalNumber(state.concurrency, { min: 1, max: 1000 });
  const requestedConcurrency = parsedConcurrency.ok ? (parsedConcurrency.value ?? null) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { errors: found, body } = validate(state, scenario.id);
    setErrors(found);
    if (!body) return;
    setBusy(true);
    try {
      const created = await mutations.createBenchmark(body);
      const warnings = Array.isArray(created.warnings)
        ? (created.warnings as Array<{ message?: unknown }>)
        : [];
      const link = (
        <Link href={`/benchmarks/${created.id}`} className="font-medium text-primary hover:underline">
          Open benchmark #{created.id}
        </Link>
      );
      toast(
        warnings.length > 0
          ? {
              title: `Benchmark #${created.id} started, with a warning`,
              description: warnings.map((w) => String(w.message ?? '')).join(' '),
              topic: `benchmark-${created.id}`,
              action: link,
            }
          : {
              title: `Benchmark #${created.id} started`,
              description: scenario.name,
              variant: 'success',
              topic: `benchmark-${created.id}`,
              action: link,
            },
      );
      onOpenChange(false);
      router.push(`/benchmarks/${created.id}`);
    } catch (e) {
      setErrors(e instanceof ApiError ? apiFieldErrors(e) : { form: String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl" data-testid="benchmark-dialog">
        <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-4">
          <DialogHeader>
            <DialogTitle>Start a benchmark</DialogTitle>
            <DialogDescription>
              Runs “{scenario.name}” many times and summarises latency percentiles, success rate and cost.
            </DialogDescription>
          </DialogHeader>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <Field
              label="Name"
              hint="Optional, to find it again."
              error={errors.name}
              className="sm:col-span-2"
            >
              <Input value={state.name} onChange={(e) => set('name', e.target.value)} autoComplete="off" />
            </Field>
            <Field
              label="Iterations"
              required
              hint="Measured runs (warm-up not included)."
              error={errors.iterations}
            >
              <Input
                inputMode="numeric"
                value={state.iterations}
                onChange={(e) => set('iterations', e.target.value)}
              />
            </Field>
            <Field
              label="Concurrency"
              required
              hint={isOpenArrival ? 'Most runs in flight at once.' : 'Runs kept in flight at once.'}
              error={errors.concurrency}
            >
              <Input
                inputMode="numeric"
                value={state.concurrency}
                onChange={(e) => set('concurrency', e.target.value)}
              />
            </Field>
            <CapacityNotice concurrency={requestedConcurrency} capacity={capacity.data} />
            <Field label="BenchmarkArrival" error={errors.arrival}>
              <SelectBox
                value={state.arrival}
                onValueChange={(v) => set('arrival', v as BenchmarkArrival)}
                options={ARRIVAL_OPTIONS}
              />
            </Field>
            <Field
              label="Rate (runs per second)"
              required={isOpenArrival}
              hint={
                isOpenArrival
                  ? 'Latency is also measured from each intended start.'
                  : 'Only for open arrivals.'
              }
              error={errors.rate}
            >
              <Input
                inputMode="decimal"
                value={state.rate}
                onChange={(e) => set('rate', e.target.value)}
                disabled={!isOpenArrival}
              />
            </Field>
            {isOpenArrival ? (
              <>
                <Field
                  label="Max lag (s)"
                  hint="Drop an arrival that gets no slot within this long (default 5)."
                  error={errors.maxLagS}
                >
                  <Input
                    inputMode="decimal"
                    value={state.maxLagS}
                    onChange={(e) => set('maxLagS', e.target.value)}
                  />
                </Field>
                <Field
                  label="Seed"
                  hint="Same seed, same arrival schedule. Empty: random."
                  error={errors.seed}
                >
                  <Input
                    inputMode="numeric"
                    value={state.seed}
                    onChange={(e) => set('seed', e.target.value)}
                  />
                </Field>
              </>
            ) : null}
            <Field label="Warm-up runs" hint="Run first, left out of the statistics." error={errors.warmup}>
              <Input
                inputMode="numeric"
                value={state.warmup}
                onChange={(e) => set('warmup', e.target.value)}
              />
            </Field>
            <Field label="Timeout per run (s)" hint={timeoutHint(scenario)} error={errors.timeoutS}>
              <Input
                inputMode="decimal"
                placeholder={scenarioTimeout(scenario) ?? ''}
                value={state.timeoutS}
                onChange={(e) => set('timeoutS', e.target.value)}
              />
            </Field>
            <Field
              label="Max duration (s)"
              hint="Optional: stop sending after this long."
              error={errors.durationS}
            >
              <Input
                inputMode="numeric"
                value={state.durationS}
                onChange={(e) => set('durationS', e.target.value)}
              />
            </Field>
            <Field
              label="Thresholds"
              hint="One per line, checked when the benchmark ends."
              error={errors.thresholds}
              className="sm:col-span-2"
            >
              <CodeTextarea
                className="min-h-20"
                value={state.thresholds}
                onChange={(e) => set('thresholds', e.target.value)}
                placeholder={'p95(total_duration_ms) < 30000\nsuccess_rate >= 0.95'}
              />
            </Field>
            <Field
              label="Inputs override (JSON)"
              hint="Optional, merged over the scenario's inputs for these runs."
              error={errors.inputs}
              className="sm:col-span-2"
            >
              <CodeTextarea
                className="min-h-16"
                value={state.inputs}
                onChange={(e) => set('inputs', e.target.value)}
              />
            </Field>
          </div>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <div className="flex items-start gap-3">
              <Switch
                id="benchmark-strict-capacity"
                checked={state.strictCapacity}
                onCheckedChange={(v) => set('strictCapacity', v)}
              />
              <Label htmlFor="benchmark-strict-capacity" className="grid gap-0.5 font-normal">
                <span className="font-medium">Refuse if the workers cannot hold it</span>
                <span className="text-xs text-muted-foreground">
                  Instead of starting with a warning (strict_capacity).
                </span>
              </Label>
            </div>
            {isOpenArrival ? (
              <div className="flex items-start gap-3">
                <Switch
                  id="benchmark-check-dropped"
                  checked={state.checkDroppedRuns}
                  onCheckedChange={(v) => set('checkDroppedRuns', v)}
                />
                <Label htmlFor="benchmark-check-dropped" className="grid gap-0.5 font-normal">
                  <span className="font-medium">Fail the verdict on dropped runs</span>
                  <span className="text-xs text-muted-foreground">The built-in check dropped_runs == 0.</span>
                </Label>
              </div>
            ) : null}
          </div>
          <FormFooter
            error={errors.form}
            busy={busy}
            onCancel={() => onOpenChange(false)}
            submitLabel="Start benchmark"
            busyLabel="Starting…"
            submitTestId="benchmark-start"
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
