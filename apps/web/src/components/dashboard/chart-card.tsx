'use client';

import { ChartLineIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { EmptyState, ErrorState } from '@/components/shared/states';
import { Card, CardContent, CardHeading } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import type { ApiError } from '@/lib/api';

/** The API path named in a "No route GET /api/v1/..." message, or a generic name. */
function endpointOf(message: string): string {
  return /\/api\/v1\/[\w/-]+/.exec(message)?.[0] ?? 'the analytics API';
}

/** Why a chart has nothing to draw; each case says what to do next. */
export type ChartEmptyReason = { title: string; description: string };

/**
 * A chart in a card that owns its loading, error and empty states, so a page composes
 * widgets without repeating that logic.
 */
export function ChartCard({
  title,
  description,
  isLoading,
  error,
  empty,
  children,
  testId,
  height = 'h-64',
  className,
}: {
  title: string;
  description?: string;
  isLoading: boolean;
  error?: ApiError | undefined;
  /** When set, the chart has no data and this explains why. */
  empty?: ChartEmptyReason | null;
  children: ReactNode;
  testId?: string;
  height?: string;
  className?: string;
}) {
  let body: ReactNode;
  if (isLoading) body = <Skeleton className={`${height} w-full`} />;
  else if (error && error.status === 404)
    body = (
      <EmptyState
        compact
        className={height}
        icon={<ChartLineIcon className="size-6" />}
        title="No data yet"
        description={`This chart needs ${endpointOf(error.message)}, which this API does not serve yet. It fills in once the API does and runs have completed.`}
      />
    );
  else if (error) body = <ErrorState error={error} />;
  else if (empty)
    body = (
      <EmptyState
        compact
        className={height}
        icon={<ChartLineIcon className="size-6" />}
        title={empty.title}
        description={empty.description}
      />
    );
  else body = <div className={`${height} w-full`}>{children}</div>;
  return (
    <Card data-testid={testId} className={className}>
      <CardHeading title={title} description={description} />
      <CardContent>{body}</CardContent>
    </Card>
  );
}
