'use client';

/**
 * Filters and paging kept in the URL's query string, so a view survives a reload and can be
 * shared as a link.
 */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

export interface UrlState {
  get: (key: string) => string | undefined;
  getNumber: (key: string) => number | undefined;
  /** Sets (or, with undefined/empty, removes) keys and replaces the history entry. */
  set: (updates: Record<string, string | number | undefined | null>) => void;
}

export function useUrlState(): UrlState {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

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
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(updates)) {
        if (value === undefined || value === null || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, router, pathname],
  );
  return { get, getNumber, set };
}
