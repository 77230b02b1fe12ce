'use client';

import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `everyMs`, so relative times ("2 minutes ago") and
 * countdowns stay right on a page left open.
 */
export function useNow(everyMs = 15_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
