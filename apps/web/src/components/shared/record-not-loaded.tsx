import type { ApiError } from '@/lib/api';
import { LinkButton } from './link-button';
import { PageHeader } from './page-header';
import { EmptyState, ErrorState } from './states';

/**
 * A record page whose record could not be loaded: "there is no run #7" with the way back to the
 * list when the API says it does not exist, else the API's error with Retry.
 *
 * @example
 * if (detail.error && !run)
 *   return <RecordLoadError noun="run" id={id} error={detail.error} onRetry={detail.reload} list="/runs" />;
 */
export function RecordLoadError({
  noun,
  id,
  error,
  onRetry,
  list,
  whyMissing,
}: {
  /** Lower case and singular ("benchmark"); the plural adds an s. */
  noun: string;
  id: number;
  error: ApiError;
  onRetry: () => void;
  /** The list page the missing record's visitor is sent to. */
  list: string;
  /** How a record can go missing, when there is more to say than that it does not exist. */
  whyMissing?: string;
}) {
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
          onRetry={onRetry}
          title={error.isMissingEndpoint ? `This API does not serve ${noun}s yet` : undefined}
        />
      )}
    </>
  );
}
