'use client';

import { Hint } from '@/components/ui/tooltip';
import { useLive } from '@/lib/live';
import { cn } from '@/lib/utils';

const LABELS = {
  connecting: { text: 'Connecting', hint: 'Opening the live event stream…', dot: 'bg-muted-foreground' },
  live: { text: 'Live', hint: 'Updates arrive as they happen from /api/v1/events.', dot: 'bg-success' },
  polling: {
    text: 'Polling',
    hint: 'The live event stream is not available; pages refresh every 2 seconds instead.',
    dot: 'bg-warning',
  },
} as const;

/** Shows whether pages update from the live stream or by polling. */
export function LiveIndicator({ compact = false }: { compact?: boolean }) {
  const { mode } = useLive();
  const label = LABELS[mode];
  return (
    <Hint text={label.hint}>
      {/* A button so keyboard users can reach the hint too; it has no action of its own. */}
      <button
        type="button"
        data-testid="live-indicator"
        data-mode={mode}
        aria-label={`Updates: ${label.text}. ${label.hint}`}
        className="inline-flex items-center gap-2 rounded-md px-1.5 py-1 text-xs text-muted-foreground"
      >
        <span
          className={cn('size-2 rounded-full', label.dot, mode === 'live' && 'animate-pulse')}
          aria-hidden="true"
        />
        <span className={cn(compact && 'sr-only')}>{label.text}</span>
      </button>
    </Hint>
  );
}
