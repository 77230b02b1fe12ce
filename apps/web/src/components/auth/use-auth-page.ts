'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { type AuthFormError, authFormError } from '@/lib/auth/form-errors';
import { authPageHref, safeNextPath } from '@/lib/auth/next-path';
import { useSessionState } from './session';

/**
 * What the sign-in and setup pages share: where to go afterwards (`?next=`, same-origin paths
 * only), and leaving for the right page when this one does not apply — signed in already, or
 * the other of the two pages is the one the system needs now. `send` posts the page's form: the
 * account it answers with is signed in; a refusal is kept in `error` (and handed to `onRefusal`)
 * and the form can be sent again.
 */
export function useAuthPage(page: '/sign-in' | '/setup') {
  const { state, signedIn } = useSessionState();
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get('next'));

  const elsewhere =
    state.kind === 'signed-in'
      ? next
      : state.kind === 'signed-out' && state.setupRequired !== (page === '/setup')
        ? authPageHref(state.setupRequired ? '/setup' : '/sign-in', next)
        : null;

  useEffect(() => {
    if (elsewhere) router.replace(elsewhere);
  }, [elsewhere, router]);

  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AuthFormError | undefined>();
  const send = async (
    call: () => Promise<{ user: Parameters<typeof signedIn>[0] }>,
    onRefusal?: (refusal: AuthFormError) => void,
  ) => {
    setBusy(true);
    setError(undefined);
    try {
      const { user } = await call();
      signedIn(user);
    } catch (caught) {
      const refusal = authFormError(caught);
      onRefusal?.(refusal);
      setError(refusal);
      setBusy(false);
    }
  };

  return { next, leaving: elsewhere !== null, busy, error, setError, send };
}
