'use client';

import { ScrollTextIcon } from 'lucide-react';
import { useCan } from '@/components/auth/session';
import { TimeRangeFilter } from '@/components/shared/filters';
import { ListView, useUrlFilter, useUrlPaging } from '@/components/shared/list-view';
import { PageHeader } from '@/components/shared/page-header';
import { EmptyState } from '@/components/shared/states';
import { TextFilter } from '@/components/shared/text-filter';
import { Card, CardContent } from '@/components/ui/card';
import { authQueries } from '@/lib/auth/client';
import { dateOf, parseTimeRange, rangePhrase, rangeStart } from '@/lib/time-range';
import { useUrlState } from '@/lib/url-state';
import { useNow } from '@/lib/use-now';
import { useQuery } from '@/lib/use-query';
import { AuditTable } from './audit-table';
import { SettingsTabs } from './settings-tabs';

const PAGE_SIZE = 50;

/** The free-text filters of the audit trail; each must match its field exactly. */
const TEXT_FILTERS = [
  { key: 'actor', label: 'Actor', placeholder: 'user:alice@example.com', maxLength: 400 },
  { key: 'action', label: 'Action', placeholder: 'run.cancel', maxLength: 100, className: 'sm:w-48' },
] as const;

function AuditTextFilter({ filter, value }: { filter: (typeof TEXT_FILTERS)[number]; value: string }) {
  const onChange = useUrlFilter(filter.key);
  return (
    <TextFilter
      id={`filter-${filter.key}`}
      label={filter.label}
      placeholder={filter.placeholder}
      value={value}
      onChange={onChange}
      maxLength={filter.maxLength}
      className={'className' in filter ? filter.className : undefined}
    />
  );
}

/** The audit trail, filtered by actor, action and time range (kept in the URL), paged. */
function AuditList() {
  const url = useUrlState();
  const paging = useUrlPaging(PAGE_SIZE);
  const actor = url.get('actor') ?? '';
  const action = url.get('action') ?? '';
  const range = parseTimeRange(url.get('range'), 'all');
  const now = useNow();
  const audit = useQuery(
    authQueries.audit({
      actor: actor || undefined,
      action: action || undefined,
      from: dateOf(rangeStart(range, now.getTime())),
      skip: paging.skip,
      limit: PAGE_SIZE,
    }),
  );
  // The audit list carries its total in the body, not in X-Total-Count as the other lists do.
  const entries = { ...audit, data: audit.data?.items, total: audit.data?.total };
  const filtered = actor !== '' || action !== '' || range !== 'all';

  return (
    <ListView
      query={entries}
      resource="audit entries"
      paging={paging}
      skeleton={{ rows: 8, columns: 5 }}
      filters={
        <>
          {TEXT_FILTERS.map((filter) => (
            <AuditTextFilter key={filter.key} filter={filter} value={url.get(filter.key) ?? ''} />
          ))}
          <TimeRangeFilter
            value={range}
            onChange={(v) => url.set({ range: v === 'all' ? undefined : v, skip: undefined })}
          />
        </>
      }
      empty={
        <EmptyState
          icon={<ScrollTextIcon className="size-6" />}
          title={filtered ? `No entries match these filters ${rangePhrase(range)}` : 'Nothing audited yet'}
          description={
            filtered
              ? 'Actor and action must match exactly, e.g. user:alice@example.com or api_key.create. Widen the time range or clear the filters.'
              : 'Every change, sign-in and failed sign-in is recorded here.'
          }
        />
      }
    >
      {(items) => <AuditTable entries={items} />}
    </ListView>
  );
}

/** Audit log: who changed what, signed in or failed to, from where and when — for administrators. */
export function AuditView() {
  const isAdmin = useCan('admin');
  return (
    <>
      <PageHeader title="Settings" description="Who did what, when and from where." />
      <SettingsTabs />
      {isAdmin ? (
        <AuditList />
      ) : (
        // Only an administrator may read the audit trail: anyone else would get a 403.
        <Card>
          <CardContent>
            <EmptyState
              icon={<ScrollTextIcon className="size-6" />}
              title="Only administrators read the audit log"
              description="Ask an administrator what changed and who changed it."
            />
          </CardContent>
        </Card>
      )}
    </>
  );
}
