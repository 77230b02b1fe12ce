'use client';

import { CircleAlertIcon, RefreshCwIcon } from 'lucide-react';
import { useEffect } from 'react';
import { Button } from '@/components/ui/button';

/** Shown when a page throws while rendering: the message, and a way to try again. */
export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div
      role="alert"
      className="mx-auto grid max-w-lg gap-3 rounded-lg border border-destructive/40 p-6 text-center"
    >
      <CircleAlertIcon className="mx-auto size-6 text-destructive" aria-hidden="true" />
      <p className="font-medium">This page failed to render</p>
      <p className="break-words text-sm text-muted-foreground">{error.message}</p>
      <div>
        <Button variant="outline" onClick={reset}>
          <RefreshCwIcon />
          Try again
        </Button>
      </div>
    </div>
  );
}
