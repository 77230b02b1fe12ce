'use client';

import { EXPORT_FORMATS, RUN_STATUSES, type RunListQuery, type RunStatus } from '@tfbench/contract';
import { ActivityIcon, DownloadIcon } from 'lucide-react';
import { useCallback, useMemo } from 'react';
import { ScenarioFilter, StatusFilter, TimeRangeFilter } from '@/components/shared/filters';
import { LinkButton } from '@/components/shared/link-button';
import { ListView, useUrlPaging } from '@/components/shared/list-view';
import { PageHeader } from '@/components/shared/page-header';
import { EmptyState } from '@/components/shared/states';
import { Button } from '@/components/ui/button';
import { DropdownMenuItem, DropdownMenuLabel, Menu } from '@/components/ui/dropdown-menu';
import { downloads, queries } from '@/lib/api';
import { matchEvents } from '@/lib/live';
import { dateOf, parseTimeRange, rangePhrase, rangeStart } from '@/lib/time-range';
import { useUrlState } from '@/lib/url-state';
import { useNow } from '@/lib/use-now';
import { useQuery } from '@/lib/use-query';
import { useScenarioNames } from '@/lib/use-scenario-names';
import { DateRangeFilter, RunSearch } from './run-search-filters';
import { RunsTable } from './runs-table';

const PAGE_SIZE = 25;

/** All runs, filtered by status, scenario and time range (kept in the URL), paged, live. */
export function RunsView() {
  const url = useUrlState();
  const rawStatus = url.get('status');
  const status = RUN_STATUSES.includes(rawStatus as RunStatus) ? (rawStatus as RunStatus) : undefined;
  const scenarioId = url.getNumber('scenario_id');
  const benchmarkId = url.getNumber('benchmark_id');
  const range = parseTimeRange(url.get('range'), 'all');
  const paging = useUrlPaging(PAGE_SIZE);
  const skip = paging.skip;
  const q = url.get('q') ?? '';
  // Picked dates win over the preset range; picking one clears the preset and vice versa.
  const customFrom = url.get('from');
  const customTo = url.get('to');
  const now = useNow();
  const from = customFrom ?? rangeStart(range, now.getTime());

  const filters: RunListQuery = useMemo(
    () => ({
      status,
      scenario_id: scenarioId,
      benchmark_id: benchmarkId,
      from: dateOf(from),
      to: dateOf(customTo),
      q: q || undefined,
      skip,
      limit: PAGE_SIZE,
    }),
    [status, scenarioId, benchmarkId, from, customTo, q, skip],
  );
  const runs = useQuery(queries.runs(filters), { live: true, matchEvent: matchEvents(['run.status']) });
  const scenarioNames = useScenarioNames();
  const filtered =
    status !== undefined ||
    scenarioId !== undefined ||
    benchmarkId !== undefined ||
    range !== 'all' ||
    q !== '' ||
    customFrom !== undefined ||
    customTo !== undefined;
  const setUrl = url.set;
  const setSearch = useCallback((next: string | undefined) => setUrl({ q: next, skip: undefined }), [setUrl]);

  return (
    <>
      <PageHeader
        title="Runs"
        description="Every run, newest first. Rows change as runs progress."
        actions={
          <Menu
            align="end"
            trigger={
              <Button variant="outline" data-testid="export-runs">
                <DownloadIcon />
                Export
              </Button>
            }
          >
            <DropdownMenuLabel>Runs matching the filters</DropdownMenuLabel>
            {EXPORT_FORMATS.map((format) => (
              <DropdownMenuItem key={format} asChild>
                <a href={downloads.runs(format, filters)} download>
                  {format.toUpperCase()}
                </a>
              </DropdownMenuItem>
            ))}
          </Menu>
        }
      />
      <ListView
        query={runs}
        skeleton={{ rows: 8, columns: 6 }}
        showRefreshError
        paging={paging}
        filters={
          <>
            <RunSearch value={q} onChange={setSearch} />
            <StatusFilter value={status} onChange={(v) => url.set({ status: v, skip: undefined })} />
            <ScenarioFilter
              value={scenarioId}
              onChange={(v) => url.set({ scenario_id: v, skip: undefined })}
            />
            <TimeRangeFilter
              value={customFrom || customTo ? 'all' : range}
              onChange={(v) =>
                url.set({
                  range: v === 'all' ? undefined : v,
                  from: undefined,
                  to: undefined,
                  skip: undefined,
                })
              }
            />
            <DateRangeFilter
              from={customFrom}
              to={customTo}
              onChange={(end, value) => url.set({ [end]: value, range: undefined, skip: undefined })}
            />
            {benchmarkId !== undefined ? (
              <Button
                variant="outline"
                size="sm"
                onClick={() => url.set({ benchmark_id: undefined, skip: undefined })}
              >
                Benchmark #{benchmarkId} ✕
              </Button>
            ) : null}
            {filtered ? (
              <Button
                variant="ghost"
                size="sm"
                className="sm:mb-0.5"
                onClick={() =>
                  url.set({
                    status: undefined,
                    scenario_id: undefined,
                    benchmark_id: undefined,
                    range: undefined,
                    q: undefined,
                    from: undefined,
                    to: undefined,
                    skip: undefined,
                  })
                }
              >
                Clear filters
              </Button>
            ) : null}
          </>
        }
        empty={
          filtered ? (
            <EmptyState
              icon={<ActivityIcon className="size-6" />}
              title={
                q
                  ? `No runs match “${q}” with these filters`
                  : `No runs match these filters ${customFrom || customTo ? 'between these dates' : rangePhrase(range)}`
              }
              description="Widen the time range or clear the filters."
            />
          ) : (
            <EmptyState
              icon={<ActivityIcon className="size-6" />}
              title="No runs yet"
              description="Trigger a run from a scenario, or start a benchmark. Runs appear here as soon as they are queued."
              action={<LinkButton href="/scenarios">Go to scenarios</LinkButton>}
            />
          )
        }
      >
        {(list) => <RunsTable runs={list} scenarioNames={scenarioNames} dimmed={runs.isStale} />}
      </ListView>
    </>
  );
}
