'use client';

import type { RunDetail } from '@tfbench/contract';
import { TokenTimelineChart } from '@/components/charts/token-timeline-chart';
import { FigureTile } from '@/components/shared/figure-tile';
import { StackedCard } from '@/components/ui/card';
import { formatCount, formatMs } from '@/lib/format';
import { liveFigures } from '@/lib/live-figures';
import { cumulativeChunks, formatTokensPerS, tokensPerChunk } from '@/lib/token-figures';
import { RunMetric } from './run-metric';

type TokenMetrics = NonNullable<RunDetail['token_metrics']>;

interface TokenFigure {
  label: string;
  value: number | string | null;
  format?: (v: number) => string;
  hint: string;
  detail?: string;
}

function tokenFigures(run: RunDetail, m: TokenMetrics): TokenFigure[] {
  const source =
    m.output_tokens_source === 'chunks'
      ? 'counted from chunks'
      : m.output_tokens_source
        ? 'from usage'
        : undefined;
  return [
    {
      label: 'TTFT',
      value: liveFigures(run).ttft_ms,
      format: formatMs,
      hint: 'Time to the first token of any kind, reasoning included.',
    },
    {
      label: 'First answer token',
      value: m.time_to_first_answer_token_ms,
      format: formatMs,
      hint: 'Time to the first chunk with answer content; reasoning chunks do not count.',
    },
    {
      label: 'TPOT',
      value: m.tpot_ms,
      format: formatMs,
      hint: 'Time per output token: (last token − first token) / (output tokens − 1).',
    },
    {
      label: 'Output speed',
      value: m.output_tokens_per_s,
      format: formatTokensPerS,
      hint: '(output tokens − 1) / (last token − first token), per second.',
    },
    {
      label: 'Input tokens',
      value: m.input_tokens,
      format: formatCount,
      hint: "Prompt tokens from the server's usage.",
      detail: 'from usage',
    },
    {
      label: 'Output tokens',
      value: m.output_tokens,
      format: formatCount,
      hint: "The server's usage when it sent one; otherwise the count of token-bearing chunks.",
      detail: source,
    },
    {
      label: 'Reasoning tokens',
      value: m.reasoning_tokens,
      format: formatCount,
      hint: "From the usage's completion_tokens_details; none when the server does not report them.",
    },
    { label: 'Chunks', value: m.chunks, format: formatCount, hint: 'Token-bearing chunks received.' },
    {
      label: 'Max tokens/chunk',
      value: m.max_tokens_per_chunk,
      format: formatCount,
      hint: 'Most tokens one chunk carried; known only when the server sends usage with every chunk.',
    },
    {
      label: 'Finish reason',
      value: m.finish_reason,
      hint: "The first choice's finish_reason, as the server sent it.",
    },
  ];
}

/** The token figures and chunk timeline of a run against an OpenAI-compatible endpoint. */
export function TokenCard({ run }: { run: RunDetail }) {
  const m = run.token_metrics;
  if (!m) return null;
  const timeline = run.token_timeline;
  const points = timeline ? cumulativeChunks(timeline) : [];
  const perChunk = tokensPerChunk(m.output_tokens, timeline?.total_chunks ?? m.chunks);
  return (
    <StackedCard
      testId="token-card"
      title="Tokens"
      description="Token figures of the streamed completion; times are from just before the request."
    >
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5">
        {tokenFigures(run, m).map((f) => (
          <FigureTile
            key={f.label}
            label={f.label}
            hint={f.hint}
            testId={`token-figure-${f.label}`}
            detail={f.value !== null ? f.detail : null}
          >
            {typeof f.value === 'string' ? (
              f.value
            ) : (
              <RunMetric value={f.value} status={run.status} format={f.format ?? String} />
            )}
          </FigureTile>
        ))}
      </dl>
      {points.length > 0 ? (
        <figure className="grid grid-cols-1 gap-2">
          <TokenTimelineChart
            points={points}
            ttftMs={liveFigures(run).ttft_ms ?? null}
            firstAnswerMs={m.time_to_first_answer_token_ms}
          />
          <figcaption className="text-xs text-muted-foreground">
            Chunks received over time
            {timeline && timeline.stride > 1
              ? ` (the first and last chunks, and one in every ${formatCount(timeline.stride)} between them, of ${formatCount(timeline.total_chunks)})`
              : ''}
            {perChunk !== null ? `; ${perChunk.toFixed(2)} output tokens per chunk on average.` : '.'}
          </figcaption>
        </figure>
      ) : (
        <p className="text-sm text-muted-foreground">No chunk arrivals were recorded for this run.</p>
      )}
    </StackedCard>
  );
}
