'use client';

import type { Benchmark } from '@tfbench/contract';
import { formatCount, formatMs, formatPercent } from '@/lib/format';
import { headlineOf, VerdictBadge, verdictOf } from './verdict';

/** A benchmark setting as words: `rate_per_s: 2` reads "rate 2/s", `timeout_s: 30` "timeout 30 s". */
function settingText(key: string, value: unknown): { label: string; value: string } {
  const v = String(value);
  if (key.endsWith('_per_s'))
    return { label: key.slice(0, -'_per_s'.length).replace(/_/g, ' '), value: `${v}/s` };
  if (key.endsWith('_s')) return { label: key.slice(0, -2).replace(/_/g, ' '), value: `${v} s` };
  return { label: key.replace('warmup', 'warm-up').replace(/_/g, ' '), value: v };
}

/** The settings kept as lists or objects that read well in one line; other objects are left out. */
function structuredText(key: string, value: unknown): string | null {
  if (key === 'stages' && Array.isArray(value)) {
    const seconds = value.reduce(
      (sum: number, s) => sum + Number((s as { duration_s?: number }).duration_s ?? 0),
      0,
    );
    const targets = value.map((s) => String((s as { target?: number }).target)).join(' → ');
    return `${targets} over ${seconds} s`;
  }
  if (key === 'stop_on' && Array.isArray(value)) return value.length > 0 ? value.join('; ') : null;
  if (key === 'dataset' && value && typeof value === 'object') {
    const d = value as { id?: number; order?: string };
    return `#${d.id} ${d.order ?? 'sequential'}`;
  }
  return null;
}

/** Shown elsewhere on the page (the stopped-early badge and line). */
const SHOWN_ELSEWHERE = new Set(['stop_reason', 'stop_condition']);

/** The settings the benchmark ran with (concurrency, arrival, rate, stages, ...), as words. */
export function SettingsList({ benchmark }: { benchmark: Benchmark }) {
  const entries = Object.entries(benchmark.settings)
    .filter(([k, v]) => v !== null && v !== undefined && !SHOWN_ELSEWHERE.has(k))
    .map(([k, v]): [string, unknown] => [k, typeof v === 'object' ? structuredText(k, v) : v])
    .filter(([, v]) => v !== null);
  if (entries.length === 0) return null;
  return (
    <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm" data-testid="benchmark-settings">
      {entries.map(([k, v]) => {
        const { label, value } = settingText(k, v);
        return (
          <div key={k} className="flex gap-1.5">
            <dt className="text-muted-foreground">{label}</dt>
            <dd className="font-medium tabular-nums">{value}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/**
 * The figures to read before any percentile: the verdict, what the success rate is over, and
 * for open arrivals the drops and the schedule lag that a clean rate would otherwise hide.
 */
export function Headline({ benchmark, inFlight }: { benchmark: Benchmark; inFlight: boolean }) {
  const h = headlineOf(benchmark);
  const verdict = verdictOf(benchmark);
  const open = benchmark.settings.arrival === 'constant' || benchmark.settings.arrival === 'poisson';
  const tile = 'rounded-lg border px-3 py-2.5';
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="benchmark-headline">
      <div className={tile}>
        <dt className="text-xs text-muted-foreground">Verdict</dt>
        <dd className="mt-1">
          {verdict ? (
            <VerdictBadge benchmark={benchmark} />
          ) : (
            <span className="text-sm text-muted-foreground">
              {inFlight ? 'when it ends' : 'not evaluated'}
            </span>
          )}
        </dd>
      </div>
      <div className={tile}>
        <dt className="text-xs text-muted-foreground">Success rate</dt>
        <dd className="text-lg font-semibold tabular-nums">
          {h.successRate === null ? (
            <span className="text-sm font-normal text-muted-foreground">no outcomes yet</span>
          ) : (
            formatPercent(h.successRate)
          )}
        </dd>
        {h.runsSent !== null ? (
          <dd
            className="text-xs text-muted-foreground tabular-nums"
            data-testid="benchmark-success-denominator"
          >
            of {formatCount(h.runsSent)} {h.runsSent === 1 ? 'run' : 'runs'} sent
            {h.runsPlanned !== null ? ` · ${formatCount(h.runsPlanned)} planned` : ''}
          </dd>
        ) : null}
      </div>
      <div className={tile}>
        <dt className="text-xs text-muted-foreground">Dropped runs</dt>
        <dd
          className={`text-lg font-semibold tabular-nums ${h.droppedRuns ? 'text-destructive' : ''}`}
          data-testid="benchmark-dropped-runs"
        >
          {open && h.droppedRuns !== null ? (
            formatCount(h.droppedRuns)
          ) : (
            <span className="text-sm font-normal text-muted-foreground">none (closed arrival)</span>
          )}
        </dd>
        {open && h.droppedRuns ? (
          <dd className="text-xs text-muted-foreground">never sent: no concurrency slot within max lag</dd>
        ) : null}
      </div>
      <div className={tile}>
        <dt className="text-xs text-muted-foreground">Schedule lag p99</dt>
        <dd className="text-lg font-semibold tabular-nums" data-testid="benchmark-lag-p99">
          {open && h.lagP99Ms !== null ? (
            formatMs(h.lagP99Ms)
          ) : (
            <span className="text-sm font-normal text-muted-foreground">
              {open ? 'no runs started yet' : 'none (closed arrival)'}
            </span>
          )}
        </dd>
        {open ? <dd className="text-xs text-muted-foreground">actual minus intended start</dd> : null}
      </div>
    </dl>
  );
}
