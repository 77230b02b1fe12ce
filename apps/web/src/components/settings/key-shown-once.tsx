'use client';

import { CheckIcon, CopyIcon, TriangleAlertIcon } from 'lucide-react';
import { useCopy } from '@/components/shared/use-copy';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';

/**
 * A new API key, shown this one time: the server keeps only its hash, so a key not copied now
 * is lost and must be replaced.
 */
export function KeyShownOnce({ value }: { value: string }) {
  const { copied, copy } = useCopy('select the key and copy it by hand.');
  return (
    <div className="grid gap-3">
      <div
        role="alert"
        data-testid="key-warning"
        className="flex gap-2 rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm"
      >
        <TriangleAlertIcon className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
        <p>
          <span className="font-medium">Copy this key now.</span> It is shown only once: tfbench stores a hash
          of it, not the key. If you lose it, revoke it and create another.
        </p>
      </div>
      <div className="flex gap-2">
        <Input
          readOnly
          aria-label="The new API key"
          data-testid="new-key"
          value={value}
          className="font-mono text-xs"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button
          variant="outline"
          onClick={() => copy(value)}
          data-testid="copy-key"
          aria-label="Copy the key"
        >
          {copied ? <CheckIcon /> : <CopyIcon />}
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <p className="text-xs text-muted-foreground">
        Send it as <code className="font-mono">Authorization: Bearer tfb_…</code> or{' '}
        <code className="font-mono">X-API-Key: tfb_…</code>.
      </p>
    </div>
  );
}
