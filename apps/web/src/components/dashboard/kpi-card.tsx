import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { Hint } from '@/components/ui/tooltip';

/** A secondary figure under a KPI's main value (e.g. p95 and p99 under p50). */
export interface KpiDetail {
  label: string;
  value: string;
}

/**
 * One key figure. With `value` null the card explains why there is no figure instead of
 * printing a placeholder.
 */
export function KpiCard({
  label,
  value,
  details,
  hint,
  emptyText,
  isLoading,
  testId,
}: {
  label: string;
  value: string | null;
  details?: KpiDetail[];
  /** What the figure means, shown on hover/focus of the label. */
  hint?: ReactNode;
  /** Shown instead of the value when it is null. */
  emptyText: string;
  isLoading?: boolean;
  testId?: string;
}) {
  return (
    <Card className="min-w-0 gap-1 px-3 py-3 sm:px-4 sm:py-4" data-testid={testId}>
      {hint ? (
        <Hint text={hint}>
          <p
            // biome-ignore lint/a11y/noNoninteractiveTabindex: the label reveals its definition on focus
            tabIndex={0}
            className="w-fit cursor-help text-xs font-medium text-muted-foreground underline decoration-dotted underline-offset-4"
          >
            {label}
          </p>
        </Hint>
      ) : (
        <p className="text-xs font-medium text-muted-foreground">{label}</p>
      )}
      {isLoading ? (
        <>
          <Skeleton className="mt-1 h-8 w-24" />
          <Skeleton className="mt-1 h-4 w-32" />
        </>
      ) : value === null ? (
        <p className="mt-1 text-sm text-muted-foreground" data-testid="kpi-empty">
          {emptyText}
        </p>
      ) : (
        <>
          <p
            className="text-xl font-semibold tabular-nums tracking-tight sm:text-2xl"
            data-testid="kpi-value"
          >
            {value}
          </p>
          {details && details.length > 0 ? (
            <p className="flex flex-wrap gap-x-3 text-xs text-muted-foreground tabular-nums">
              {details.map((d) => (
                <span key={d.label}>
                  {d.label} <span className="text-foreground">{d.value}</span>
                </span>
              ))}
            </p>
          ) : null}
        </>
      )}
    </Card>
  );
}
