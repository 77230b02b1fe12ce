'use client';

import type { Benchmark } from '@tfbench/contract';
import { CircleCheckIcon, CircleXIcon } from 'lucide-react';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { formatCount } from '@/lib/format';
import { formatObserved } from '@/lib/summary';

/** Each threshold of a benchmark with what was observed and whether it held. */
export function ThresholdsCard({ benchmark, inFlight }: { benchmark: Benchmark; inFlight: boolean }) {
  const results = benchmark.threshold_results ?? [];
  const declared = Array.isArray(benchmark.settings.thresholds)
    ? (benchmark.settings.thresholds as unknown[])
    : [];
  return (
    <Card data-testid="benchmark-thresholds">
      <CardHeader>
        <CardTitle>Thresholds</CardTitle>
      </CardHeader>
      <CardContent>
        {results.length > 0 ? (
          <ul className="grid grid-cols-1 gap-2">
            {results.map((t) => (
              <li key={t.expression} className="flex items-start gap-2 text-sm" data-passed={t.passed}>
                {t.passed ? (
                  <CircleCheckIcon className="mt-0.5 size-4 shrink-0 text-success" aria-label="passed" />
                ) : (
                  <CircleXIcon className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="failed" />
                )}
                <div className="min-w-0">
                  <code className="break-all font-mono text-xs">{t.expression}</code>
                  {t.built_in ? (
                    <span className="ml-2 text-xs text-muted-foreground">
                      built-in (check_dropped_runs: false turns it off)
                    </span>
                  ) : null}
                  <p className="text-xs text-muted-foreground">
                    {t.observed === null
                      ? 'no values to compare'
                      : `observed ${formatObserved(t.expression, t.observed)}`}
                    {typeof t.n === 'number' ? ` over ${formatCount(t.n)} runs` : ''}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        ) : declared.length > 0 ? (
          <div className="grid grid-cols-1 gap-2 text-sm">
            <p className="text-muted-foreground">
              {inFlight ? 'Checked when the benchmark ends:' : 'These were not evaluated:'}
            </p>
            <ul className="grid grid-cols-1 gap-1">
              {declared.map((d) => (
                <li key={String(d)}>
                  <code className="font-mono text-xs">{String(d)}</code>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">
            No thresholds were set. Add some to the scenario (e.g. p95(total_duration_ms) &lt; 30000) to get a
            pass/fail verdict.
          </p>
        )}
      </CardContent>
    </Card>
  );
}
