import { Button } from '@/components/ui/button';
import { DialogFooter } from '@/components/ui/dialog';

/** The error of a settings dialog's form (if any), then Cancel and its submit button. */
export function DialogActions({
  error,
  busy,
  onCancel,
  submitLabel,
  submitTestId,
  destructive = false,
}: {
  error: string | undefined;
  busy: boolean;
  onCancel: () => void;
  submitLabel: string;
  submitTestId: string;
  destructive?: boolean;
}) {
  return (
    <>
      {error ? (
        <p role="alert" className="text-sm text-destructive" data-testid="form-error">
          {error}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant={destructive ? 'destructive' : 'default'}
          disabled={busy}
          data-testid={submitTestId}
        >
          {busy ? 'Working…' : submitLabel}
        </Button>
      </DialogFooter>
    </>
  );
}
