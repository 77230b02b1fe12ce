'use client';

import { useCallback, useState } from 'react';
import { userMessage } from '@/lib/user-messages';

/**
 * The state of a settings dialog's submission: busy while it runs, and the refusal in the
 * user's words when it fails (the dialog stays open so nothing typed is lost).
 *
 * @example
 * const submit = useSubmit();
 * <form onSubmit={(e) => { e.preventDefault(); submit.run(async () => { await save(); close(); }); }}>
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(userMessage(caught));
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(undefined), []);
  return { busy, error, setError, run, reset };
}
