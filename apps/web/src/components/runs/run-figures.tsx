'use client';

import type { RunDetail } from '@tfbench/contract';
import { FigureTile } from '@/components/shared/figure-tile';
import { formatCount, formatMs, formatUsd } from '@/lib/format';
import { liveFigures } from '@/lib/live-figures';
import { RunMetric } from './run-metric';

interface Figure {
  label: string;
  /** A browser-agent figure that a token-streaming (OpenAI-compatible) run never has. */
  agentOnly?: boolean;
  value: number | null | undefined;
  format: (v: number) => string;
  hint: string;
}

function figures(run: RunDetail): Figure[] {
  const live = liveFigures(run);
  const all: Figure[] = [
    {
      label: 'Total time',
      value: run.total_duration_ms,
      format: formatMs,
      hint: 'From just before the request to the final event.',
    },
    {
      label: 'TTFT',
      value: live.ttft_ms,
      format: formatMs,
      hint: run.token_metrics
        ? 'Time to the first token-bearing chunk, reasoning included.'
        : 'Time to the first PROGRESS event.',
    },
    {
      label: 'To STARTED',
      agentOnly: true,
      value: live.time_to_started_ms,
      format: formatMs,
      hint: 'Time to the STARTED event.',
    },
    {
      label: 'To live view',
      agentOnly: true,
      value: live.time_to_streaming_url_ms,
      format: formatMs,
      hint: 'Time to the STREAMING_URL event.',
    },
    {
      label: 'Queue wait',
      value: run.queue_wait_ms,
      format: formatMs,
      hint: 'From creation to the worker starting it.',
    },
    {
      label: 'Server duration',
      agentOnly: true,
      value: run.server_duration_ms,
      format: formatMs,
      hint: 'Duration as the upstream reports it (its finished_at − started_at).',
    },
    {
      label: 'Steps',
      agentOnly: true,
      value: live.steps,
      format: formatCount,
      hint: 'PROGRESS events counted from the stream.',
    },
    {
      label: 'Heartbeats',
      agentOnly: true,
      value: live.heartbeats,
      format: formatCount,
      hint: 'HEARTBEAT events (not in the statistics).',
    },
    { label: 'Cost', value: run.cost_usd, format: formatUsd, hint: 'Estimated cost of this run.' },
  ];
  // Such a run's row of dashes would only say "not reached"; its own figures are in the Tokens card.
  return run.token_metrics ? all.filter((f) => !f.agentOnly) : all;
}

/** The headline figures of a run (times, steps, cost), each with what it measures on hover. */
export function FigureGrid({ run }: { run: RunDetail }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5" data-testid="run-figures">
      {figures(run).map((f) => (
        <FigureTile
          key={f.label}
          label={f.label}
          hint={f.hint}
          testId={`figure-${f.label}`}
          className="bg-card"
        >
          {f.value === null || f.value === undefined ? (
            <RunMetric value={null} status={run.status} format={f.format} />
          ) : (
            f.format(f.value)
          )}
        </FigureTile>
      ))}
    </dl>
  );
}
