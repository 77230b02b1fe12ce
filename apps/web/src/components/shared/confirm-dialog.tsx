'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { DialogFooter, DialogFrame } from '@/components/ui/dialog';

/**
 * Asks before an action that cannot be taken back (cancelling a benchmark). The safe choice
 * is the default focus and the first button; the dialog stays open, busy, until the action
 * settles, and closes whether it succeeded or not (the caller reports the outcome).
 *
 * @example
 * <ConfirmDialog open={asking} onClose={() => setAsking(false)} title="Cancel benchmark #4?"
 *   description="…" confirmLabel="Cancel benchmark" keepLabel="Keep running" onConfirm={cancel} />
 */
export function ConfirmDialog({
  open,
  onClose,
  title,
  description,
  confirmLabel,
  keepLabel,
  onConfirm,
  testId,
}: {
  open: boolean;
  /** Asked to close: kept, confirmed (once the action settled), or dismissed. */
  onClose: () => void;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  /** The button that changes nothing, e.g. 'Keep running'. */
  keepLabel: string;
  onConfirm: () => Promise<void>;
  testId?: string;
}) {
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      onClose();
    }
  };
  return (
    <DialogFrame
      open={open}
      onOpenChange={(next) => (busy || next ? undefined : onClose())}
      title={title}
      description={description}
      testId={testId}
    >
      <DialogFooter>
        <Button variant="outline" onClick={onClose} disabled={busy} autoFocus>
          {keepLabel}
        </Button>
        <Button variant="destructive" onClick={confirm} disabled={busy} data-testid="confirm-action">
          {busy ? 'Working…' : confirmLabel}
        </Button>
      </DialogFooter>
    </DialogFrame>
  );
}
