'use client';

import type { RunEvent } from '@tfbench/contract';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import { formatMs, formatOffset } from '@/lib/format';
import { cn } from '@/lib/utils';

type Tone = 'start' | 'url' | 'progress' | 'heartbeat' | 'complete' | 'failed' | 'other';

function toneOf(event: RunEvent): Tone {
  const payload = payloadOf(event);
  switch (event.type.toUpperCase()) {
    case 'STARTED':
      return 'start';
    case 'STREAMING_URL':
      return 'url';
    case 'PROGRESS':
      return 'progress';
    case 'HEARTBEAT':
      return 'heartbeat';
    case 'COMPLETE':
      return typeof payload.status === 'string' && payload.status.toUpperCase() !== 'COMPLETED'
        ? 'failed'
        : 'complete';
    case 'ERROR':
      return 'failed';
    default:
      return 'other';
  }
}

const MARKER: Record<Tone, string> = {
  start: 'bg-info',
  url: 'bg-chart-4',
  progress: 'bg-primary',
  heartbeat: 'bg-muted-foreground/40',
  complete: 'bg-success',
  failed: 'bg-destructive',
  other: 'bg-chart-5',
};

const BADGE: Record<Tone, 'info' | 'default' | 'muted' | 'success' | 'destructive' | 'secondary'> = {
  start: 'info',
  url: 'secondary',
  progress: 'default',
  heartbeat: 'muted',
  complete: 'success',
  failed: 'destructive',
  other: 'secondary',
};

function payloadOf(event: RunEvent): Record<string, unknown> {
  return typeof event.payload === 'object' && event.payload !== null
    ? (event.payload as Record<string, unknown>)
    : {};
}

/** The human line of an event: the purpose of a PROGRESS, the outcome of a COMPLETE, ... */
function describe(event: RunEvent): string {
  const p = payloadOf(event);
  const type = event.type.toUpperCase();
  if (type === 'PROGRESS' && typeof p.purpose === 'string') return p.purpose;
  if (type === 'STREAMING_URL')
    return typeof p.streaming_url === 'string' ? 'Live browser view available' : '';
  if (type === 'STARTED') return 'The agent started';
  if (type === 'COMPLETE') {
    const status = typeof p.status === 'string' ? p.status : 'finished';
    const error = typeof p.error === 'string' ? p.error : (p.error as { message?: string } | null)?.message;
    return error ? `${status}: ${error}` : status;
  }
  if (type === 'HEARTBEAT') return 'keep-alive';
  if (typeof p.message === 'string') return p.message;
  return '';
}

/** Evenly spaced axis labels from 0 to `max`. */
function ticks(max: number): number[] {
  return [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
}

/**
 * A run's events on a time axis (offsets from the run's t0, monotonic), then as a list with
 * offsets and gaps. PROGRESS events carry their purpose; heartbeats are drawn faintly and can
 * be hidden from the list.
 */
export function EventTimeline({
  events,
  totalMs,
  live,
}: {
  events: RunEvent[];
  totalMs: number | null;
  live: boolean;
}) {
  const [showHeartbeats, setShowHeartbeats] = useState(true);
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const lastAt = sorted.reduce((m, e) => Math.max(m, e.at_ms), 0);
  const axisMax = Math.max(totalMs ?? 0, lastAt, 1);
  const listed = showHeartbeats ? sorted : sorted.filter((e) => toneOf(e) !== 'heartbeat');
  const heartbeatCount = sorted.length - sorted.filter((e) => toneOf(e) !== 'heartbeat').length;

  return (
    <div className="grid grid-cols-1 gap-4" data-testid="event-timeline">
      <div aria-hidden="true" className="px-1 pt-2">
        <div className="relative h-10">
          <div className="absolute top-1/2 right-0 left-0 h-px bg-border" />
          {sorted.map((e) => {
            const tone = toneOf(e);
            const left = `${(e.at_ms / axisMax) * 100}%`;
            const isBeat = tone === 'heartbeat';
            return (
              <span
                key={e.seq}
                title={`${e.type} ${formatOffset(e.at_ms)}${describe(e) ? ` — ${describe(e)}` : ''}`}
                className={cn(
                  'absolute top-1/2 -translate-x-1/2 -translate-y-1/2 rounded-full ring-2 ring-card',
                  MARKER[tone],
                  isBeat ? 'h-3 w-1' : tone === 'progress' ? 'size-3' : 'size-4',
                )}
                style={{ left }}
              />
            );
          })}
          {live ? (
            <span className="absolute top-1/2 right-0 size-2 -translate-y-1/2 animate-pulse rounded-full bg-info" />
          ) : null}
        </div>
        <div className="relative mt-1 h-4 text-[11px] text-muted-foreground tabular-nums">
          {ticks(axisMax).map((t, i) => (
            <span
              key={t}
              className={cn('absolute', i === 0 ? 'left-0' : i === 4 ? 'right-0' : '-translate-x-1/2')}
              style={i === 0 || i === 4 ? undefined : { left: `${(t / axisMax) * 100}%` }}
            >
              {formatMs(t)}
            </span>
          ))}
        </div>
      </div>

      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-muted-foreground">
          {sorted.length} events{heartbeatCount > 0 ? `, ${heartbeatCount} of them heartbeats` : ''}
        </p>
        {heartbeatCount > 0 ? (
          <div className="flex items-center gap-2">
            <Switch id="show-heartbeats" checked={showHeartbeats} onCheckedChange={setShowHeartbeats} />
            <Label htmlFor="show-heartbeats" className="text-xs text-muted-foreground">
              Heartbeats
            </Label>
          </div>
        ) : null}
      </div>

      <ol className="grid grid-cols-1 gap-0.5" aria-label="Run events in order">
        {listed.map((e, i) => {
          const tone = toneOf(e);
          const previous = listed[i - 1];
          const gap = previous ? e.at_ms - previous.at_ms : null;
          return (
            <li
              key={e.seq}
              data-testid="timeline-event"
              data-type={e.type}
              className={cn(
                'grid grid-cols-[4.5rem_1fr] items-start gap-x-3 gap-y-0.5 rounded-md px-2 py-1.5 text-sm sm:grid-cols-[5.5rem_4.5rem_8.5rem_1fr]',
                // Muted, not translucent: faded text would fall below 4.5:1 contrast.
                tone === 'heartbeat' && 'text-muted-foreground',
              )}
            >
              <span className="font-mono text-xs tabular-nums">{formatOffset(e.at_ms)}</span>
              <span className="hidden font-mono text-xs text-muted-foreground tabular-nums sm:block">
                {gap === null ? '' : `Δ ${formatMs(gap)}`}
              </span>
              <span className="col-start-2 sm:col-start-auto">
                <Badge variant={BADGE[tone]}>{e.type}</Badge>
              </span>
              <span className="col-span-2 break-words text-muted-foreground sm:col-span-1">
                {describe(e)}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
