'use client';

import { useEffect, useState } from 'react';
import { Callout } from '@/components/shared/callout';
import { Button } from '@/components/ui/button';
import { DialogFooter, DialogFrame } from '@/components/ui/dialog';
import { ApiError } from '@/lib/api';
import { dependantsText, userMessage } from '@/lib/user-messages';

/**
 * Confirms a delete. When the API refuses with 409 because other items depend on this one,
 * the dialog says so in words and offers to delete them too (`?cascade=true`).
 */
export function DeleteDialog({
  open,
  onOpenChange,
  itemLabel,
  cascadeLabel,
  cascadeExplanation,
  onDelete,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** e.g. 'automation "Checkout flow"' */
  itemLabel: string;
  /** Button text of the cascade option, e.g. 'Delete with its scenarios'. */
  cascadeLabel: string;
  /** What a cascade removes, e.g. 'its scenarios and all their runs'. */
  cascadeExplanation: string;
  onDelete: (cascade: boolean) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (open) {
      setConflict(null);
      setError(null);
    }
  }, [open]);

  const run = async (cascade: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await onDelete(cascade);
      onOpenChange(false);
    } catch (e) {
      const apiError = e instanceof ApiError ? e : new ApiError(0, 'CLIENT_ERROR', String(e));
      if (apiError.status === 409 && !cascade) setConflict(apiError);
      else setError(apiError);
    } finally {
      setBusy(false);
    }
  };

  const blockers = conflict ? dependantsText(conflict.details) : '';

  return (
    <DialogFrame
      open={open}
      onOpenChange={onOpenChange}
      title={`Delete ${itemLabel}?`}
      description="This cannot be undone."
      testId="delete-dialog"
    >
      {conflict ? (
        <Callout tone="warning" role="alert" testId="delete-conflict">
          <p className="font-medium">It is still in use{blockers ? ` by ${blockers}` : ''}.</p>
          <p className="text-muted-foreground">
            It is kept so that no results lose their context. You can delete it together with{' '}
            {cascadeExplanation}, or keep it.
          </p>
        </Callout>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {userMessage(error)}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={() => onOpenChange(false)} disabled={busy}>
          Cancel
        </Button>
        {conflict ? (
          <Button
            variant="destructive"
            onClick={() => run(true)}
            disabled={busy}
            data-testid="delete-cascade"
          >
            {busy ? 'Deleting…' : cascadeLabel}
          </Button>
        ) : (
          <Button
            variant="destructive"
            onClick={() => run(false)}
            disabled={busy}
            data-testid="delete-confirm"
          >
            {busy ? 'Deleting…' : 'Delete'}
          </Button>
        )}
      </DialogFooter>
    </DialogFrame>
  );
}
