import type { QueryState } from '@/lib/use-query';
import { LinkButton } from './link-button';
import { PageHeader } from './page-header';
import { PageSkeleton } from './page-skeleton';
import { EmptyState, ErrorState } from './states';

/**
 * What a record page (`/runs/7`) shows until its record is there: the page's skeleton while it
 * loads; "there is no run #7" with the way back to the list when the API says it does not
 * exist; else the API's error with Retry.
 *
 * @example
 * if (!run) return <RecordNotLoaded query={detail} noun="run" id={id} list="/runs" />;
 */
export function RecordNotLoaded({
  query,
  noun,
  id,
  list,
  whyMissing,
}: {
  /** The record's query: loading, or failed. */
  query: Pick<QueryState<unknown>, 'error' | 'reload'>;
  /** Lower case and singular ("benchmark"); the plural adds an s. */
  noun: string;
  id: number;
  /** The list page the missing record's visitor is sent to. */
  list: string;
  /** How a record can go missing, when there is more to say than that it does not exist. */
  whyMissing?: string;
}) {
  const { error } = query;
  if (!error) return <PageSkeleton />;
  const missing = error.status === 404 && !error.isMissingEndpoint;
  return (
    <>
      <PageHeader title={`${noun.charAt(0).toUpperCase()}${noun.slice(1)} #${id}`} />
      {missing ? (
        <EmptyState
          title={`There is no ${noun} #${id}`}
          description={whyMissing}
          action={<LinkButton href={list}>{`All ${noun}s`}</LinkButton>}
        />
      ) : (
        <ErrorState
          error={error}
          onRetry={query.reload}
          title={error.isMissingEndpoint ? `This API does not serve ${noun}s yet` : undefined}
        />
      )}
    </>
  );
}
