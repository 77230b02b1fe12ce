'use client';

/**
 * Filters and paging kept in the URL's query string, so a view survives a reload and can be
 * shared as a link.
 */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef } from 'react';

export interface UrlState {
  get: (key: string) => string | undefined;
  getNumber: (key: string) => number | undefined;
  /** Sets (or, with undefined/empty, removes) keys and replaces the history entry. */
  set: (updates: Record<string, string | number | undefined | null>) => void;
}

/** `query` with `updates` applied: undefined, null and '' remove a key. */
export function applyQueryUpdates(
  query: string,
  updates: Record<string, string | number | undefined | null>,
): string {
  const next = new URLSearchParams(query);
  for (const [key, value] of Object.entries(updates)) {
    if (value === undefined || value === null || value === '') next.delete(key);
    else next.set(key, String(value));
  }
  return next.toString();
}

/**
 * The query strings asked for but not rendered yet, oldest first, after the URL rendered
 * `current`: the ones up to `current` have arrived; a `current` that was never asked for is a
 * navigation from elsewhere (back, a link) and drops them all.
 */
export function pendingAfter(pending: readonly string[], current: string): string[] {
  const at = pending.indexOf(current);
  return at === -1 ? [] : pending.slice(at + 1);
}

export function useUrlState(): UrlState {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  // The router renders a replaced URL later, in a transition: two changes made before then
  // (the two ends of a date range, filled one after the other) must build on each other, not
  // both on the URL last rendered, or the second one drops the first.
  const asked = useRef<string[]>([]);
  useEffect(() => {
    asked.current = pendingAfter(asked.current, params.toString());
  }, [params]);

  const get = useCallback((key: string) => params.get(key) ?? undefined, [params]);
  const getNumber = useCallback(
    (key: string) => {
      const raw = params.get(key);
      if (raw === null || !/^\d+$/.test(raw)) return undefined;
      return Number(raw);
    },
    [params],
  );
  const set = useCallback(
    (updates: Record<string, string | number | undefined | null>) => {
      const base = asked.current.at(-1) ?? params.toString();
      const qs = applyQueryUpdates(base, updates);
      // A change to what is asked already renders nothing new: no entry would ever be cleared.
      if (qs !== base) asked.current = [...asked.current, qs];
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, router, pathname],
  );
  return { get, getNumber, set };
}
