'use client';

import { useSyncExternalStore } from 'react';
import { formatAgo, formatDateTime, formatUntil } from '@/lib/format';
import { subscribeTicker, tickerNow } from '@/lib/ticker';

/** The shared ticker's time: re-renders its component once a second, with every other clock. */
export function useTickingNow(): Date {
  return new Date(useSyncExternalStore(subscribeTicker, tickerNow, tickerNow));
}

/**
 * A moment as "12 sec. ago" (`past`, the default: something that happened) or "in 5 min."
 * (`future`: something expected), with the absolute time on hover, kept current by the
 * page's one shared ticker.
 *
 * @example
 * <RelativeTime when={run.created_at} />
 * next <RelativeTime when={scenario.next_run_at} tense="future" />
 */
export function RelativeTime({
  when,
  tense = 'past',
  className,
}: {
  when: string;
  tense?: 'past' | 'future';
  className?: string;
}) {
  const now = useTickingNow();
  return (
    <time dateTime={when} title={formatDateTime(when)} className={className} data-testid="relative-time">
      {tense === 'future' ? formatUntil(when, now) : formatAgo(when, now)}
    </time>
  );
}
