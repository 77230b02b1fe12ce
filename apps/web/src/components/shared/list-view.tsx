'use client';

import { type ReactNode, useCallback } from 'react';
import { Card, CardContent } from '@/components/ui/card';
import type { ApiError } from '@/lib/api';
import { useUrlState } from '@/lib/url-state';
import type { QueryState } from '@/lib/use-query';
import { cn } from '@/lib/utils';
import { Pagination } from './pagination';
import { ErrorState, TableSkeleton } from './states';

/** Paging of a list kept by the page (usually in the URL): where it starts, and how to move. */
export interface ListPaging {
  skip: number;
  pageSize: number;
  onChange: (skip: number) => void;
}

/** Paging kept in the URL's `skip` (absent on the first page), so a reload stays on the page. */
export function useUrlPaging(pageSize: number): ListPaging {
  const url = useUrlState();
  return {
    skip: url.getNumber('skip') ?? 0,
    pageSize,
    onChange: (next) => url.set({ skip: next === 0 ? undefined : next }),
  };
}

/**
 * Sets the list filter kept in the URL's `key` (undefined clears it). A changed filter starts
 * over from the first page: the old page may lie beyond the new list's end.
 */
export function useUrlFilter(key: string): (next: string | undefined) => void {
  const { set } = useUrlState();
  return useCallback((next) => set({ [key]: next, skip: undefined }), [set, key]);
}

/** A query of an `{ items }` envelope (the account endpoints) as the query of its items. */
export function itemsOf<T>(query: QueryState<{ items: T[] }>): QueryState<T[]> {
  return { ...query, data: query.data?.items };
}

function errorTitle(error: ApiError, resource: string | undefined): string | undefined {
  if (!resource) return undefined;
  return error.isMissingEndpoint
    ? `This API does not serve ${resource} yet`
    : `Could not load the ${resource}`;
}

/**
 * A list page's card: its filters, then the list in whichever state it is in — the API's error
 * (with Retry), a skeleton while loading, `empty` when the first page has nothing, else the
 * items (`children` draws them) and, when `paging` is given, previous / next under them.
 *
 * @example
 * <ListView query={automations} empty={<EmptyState title="No automations yet" />}>
 *   {(items) => <AutomationsTable automations={items} />}
 * </ListView>
 */
export function ListView<T>({
  query,
  children,
  empty,
  filters,
  paging,
  resource,
  skeleton,
  showRefreshError = false,
}: {
  query: QueryState<T[]>;
  children: (items: T[]) => ReactNode;
  /** What to show when the first page is empty (say why, and what to do). */
  empty: ReactNode;
  /** Controls above the list that narrow it. */
  filters?: ReactNode;
  paging?: ListPaging;
  /** What the list holds, in the plural ("benchmarks"), for a title naming it when loading fails. */
  resource?: string;
  skeleton?: { rows: number; columns: number };
  /** Say so above the (older) items when a refresh fails, for lists that change as one watches. */
  showRefreshError?: boolean;
}) {
  const { data, error } = query;
  const skip = paging?.skip ?? 0;
  let body: ReactNode;
  if (error && !data) {
    body = <ErrorState error={error} onRetry={query.reload} title={errorTitle(error, resource)} />;
  } else if (query.isLoading || !data) {
    body = <TableSkeleton {...skeleton} />;
  } else if (data.length === 0 && skip === 0) {
    body = empty;
  } else {
    body = (
      <>
        {showRefreshError && error ? (
          <ErrorState error={error} onRetry={query.reload} title="Refreshing failed" />
        ) : null}
        {children(data)}
        {paging ? (
          <Pagination
            skip={skip}
            pageSize={paging.pageSize}
            total={query.total}
            shown={data.length}
            onChange={paging.onChange}
          />
        ) : null}
      </>
    );
  }
  return (
    <Card>
      <CardContent className={cn(filters && 'grid grid-cols-1 gap-4')}>
        {filters ? (
          <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end">{filters}</div>
        ) : null}
        {body}
      </CardContent>
    </Card>
  );
}
