'use client';

/**
 * The gate in front of every page: a visitor who is not signed in is sent to the sign-in page
 * (or to the administrator setup while the system has no user yet) with `?next=` pointing
 * back. The app's pages, the live stream and the navigation mount only once the session is
 * known, so a signed-out visitor triggers no request the API would refuse.
 */
import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { AppShell } from '@/components/layout/app-shell';
import { authCalls } from '@/lib/auth/client';
import { authPageHref, isAuthPage } from '@/lib/auth/next-path';
import { loadSession, type SessionState } from '@/lib/auth/session-state';
import { onSignedOut } from '@/lib/auth/signed-out';
import type { User } from '@/lib/auth/types';
import { LiveProvider } from '@/lib/live';
import { AuthFrame } from './auth-frame';
import { SessionContext } from './session';
import { SessionLoading, SessionUnreachable } from './session-states';

function currentLocation(): string {
  return `${window.location.pathname}${window.location.search}${window.location.hash}`;
}

export function SessionGate({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const router = useRouter();
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the reason to ask again
  useEffect(() => {
    let current = true;
    loadSession(authCalls, document.cookie).then((next) => {
      if (current) setState(next);
    });
    return () => {
      current = false;
    };
  }, [attempt]);

  useEffect(() => onSignedOut(() => setState({ kind: 'signed-out', setupRequired: false })), []);

  const onAuthPage = isAuthPage(pathname);
  useEffect(() => {
    if (state.kind !== 'signed-out' || onAuthPage) return;
    router.replace(authPageHref(state.setupRequired ? '/setup' : '/sign-in', currentLocation()));
  }, [state, onAuthPage, router]);

  const signedIn = useCallback(
    (user: User) => setState({ kind: 'signed-in', me: { user, role: user.role, via: 'session' } }),
    [],
  );
  const reload = useCallback(() => {
    setState({ kind: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  const value = useMemo(() => ({ state, signedIn, reload }), [state, signedIn, reload]);

  let content: ReactNode;
  if (onAuthPage) content = <AuthFrame>{state.kind === 'loading' ? <SessionLoading /> : children}</AuthFrame>;
  else if (state.kind === 'signed-in')
    content = (
      <LiveProvider>
        <AppShell>{children}</AppShell>
      </LiveProvider>
    );
  else if (state.kind === 'unreachable')
    content = (
      <AuthFrame>
        <SessionUnreachable error={state.error} onRetry={reload} />
      </AuthFrame>
    );
  else
    content = (
      <AuthFrame>
        <SessionLoading />
      </AuthFrame>
    );
  return <SessionContext.Provider value={value}>{content}</SessionContext.Provider>;
}
