import { ExternalLinkIcon } from 'lucide-react';

/** The agent's live browser view while the run is in flight; a link to it afterwards. */
export function LiveView({ url, inFlight }: { url: string; inFlight: boolean }) {
  if (!inFlight) {
    return (
      <p className="text-sm text-muted-foreground">
        The live browser view closed when the run ended.{' '}
        <a
          href={url}
          target="_blank"
          rel="noreferrer"
          className="inline-flex items-center gap-1 text-primary hover:underline"
        >
          Its address <ExternalLinkIcon className="size-3" />
        </a>
      </p>
    );
  }
  return (
    <div className="grid grid-cols-1 gap-2">
      <div className="aspect-video w-full overflow-hidden rounded-lg border bg-muted">
        <iframe
          src={url}
          title="Live browser view of the run"
          className="h-full w-full"
          sandbox="allow-scripts allow-same-origin"
          referrerPolicy="no-referrer"
          data-testid="live-view"
        />
      </div>
      <a
        href={url}
        target="_blank"
        rel="noreferrer"
        className="inline-flex w-fit items-center gap-1 text-xs text-primary hover:underline"
      >
        Open in a new tab <ExternalLinkIcon className="size-3" />
      </a>
    </div>
  );
}
