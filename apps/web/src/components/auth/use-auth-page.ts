'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { authPageHref, safeNextPath } from '@/lib/auth/next-path';
import { useSessionState } from './session';

/**
 * What the sign-in and setup pages share: where to go afterwards (`?next=`, same-origin paths
 * only), and leaving for the right page when this one does not apply — signed in already, or
 * the other of the two pages is the one the system needs now.
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

  return { next, leaving: elsewhere !== null, signedIn };
}
