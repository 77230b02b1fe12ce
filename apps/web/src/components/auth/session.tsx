'use client';

/**
 * The signed-in user for every component (`useSession`, `useCan`), provided by the
 * `SessionGate` in front of every page (session-gate.tsx).
 */
import { createContext, useContext } from 'react';
import { type Capability, can } from '@/lib/auth/roles';
import type { SessionState } from '@/lib/auth/session-state';
import type { Me, User } from '@/lib/auth/types';

export interface SessionContextValue {
  state: SessionState;
  /** Marks the browser signed in as `user` (after sign-in or setup). */
  signedIn(user: User): void;
  /** Asks the API again (after a failure to reach it). */
  reload(): void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs the SessionGate above it');
  return value;
}

/** The signed-in caller; only inside the app's pages, which render once signed in. */
export function useSession(): Me {
  const { state } = useSessionContext();
  if (state.kind !== 'signed-in') throw new Error('useSession is only available once signed in');
  return state.me;
}

/** Whether the signed-in caller's role allows `capability` (see lib/auth/roles). */
export function useCan(capability: Capability): boolean {
  return can(useSession().role, capability);
}

/** The session as the sign-in and setup pages see it (they render before anyone signs in). */
export function useSessionState(): SessionContextValue {
  return useSessionContext();
}
