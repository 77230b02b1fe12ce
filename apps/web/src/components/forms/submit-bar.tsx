import { Button } from '@/components/ui/button';
import { DialogFooter } from '@/components/ui/dialog';

/**
 * The end of a dialog form: the form-level error (announced as an alert), then Cancel and the
 * submit button. While `busy`, both buttons are disabled and the submit button shows `busyLabel`.
 */
export function SubmitBar({
  error,
  busy,
  onCancel,
  submitLabel,
  busyLabel,
  submitTestId,
}: {
  error: string | undefined;
  busy: boolean;
  onCancel: () => void;
  submitLabel: string;
  busyLabel: string;
  submitTestId: string;
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
        <Button type="submit" disabled={busy} data-testid={submitTestId}>
          {busy ? busyLabel : submitLabel}
        </Button>
      </DialogFooter>
    </>
  );
}
