'use client';

import type { Benchmark, BenchmarkSummary } from '@tfbench/contract';
import { type Column, DataTable } from '@/components/shared/data-table';
import { FigureTile } from '@/components/shared/figure-tile';
import { StackedCard } from '@/components/ui/card';
import { formatCount, formatMs } from '@/lib/format';
import { formatTokenRate, formatTokensPerS } from '@/lib/token-figures';

type TokenSummary = NonNullable<BenchmarkSummary['tokens']>;
type Distribution = TokenSummary['tpot_ms'];

interface TokenRow {
  key: string;
  label: string;
  figures: Distribution;
  format: (v: number) => string;
}

/** The per-request distributions, each in its own unit (ms, tokens/s or a token count). */
function tokenRows(tokens: TokenSummary): TokenRow[] {
  return [
    {
      key: 'ttfa',
      label: 'First answer token',
      figures: tokens.time_to_first_answer_token_ms,
      format: formatMs,
    },
    { key: 'tpot', label: 'TPOT', figures: tokens.tpot_ms, format: formatMs },
    // The unit rides in the label so that three columns of figures fit a phone.
    {
      key: 'speed',
      label: 'Output speed (tok/s)',
      figures: tokens.output_tokens_per_s_per_request,
      format: formatTokenRate,
    },
    { key: 'output', label: 'Output tokens', figures: tokens.output_tokens, format: formatCount },
    { key: 'input', label: 'Input tokens', figures: tokens.input_tokens, format: formatCount },
  ];
}

function percentile(id: 'p50' | 'p95' | 'p99'): Column<TokenRow> {
  return {
    id,
    header: id,
    align: 'right',
    className: 'tabular-nums',
    cell: (row) => {
      const value = row.figures[id];
      return value === null ? (
        <span className="text-xs text-muted-foreground">no data</span>
      ) : (
        row.format(value)
      );
    },
  };
}

/**
 * The token figures of a benchmark against an OpenAI-compatible endpoint: throughput over the
 * whole benchmark, then per-request percentiles. Nothing for benchmarks without token figures.
 */
export function BenchmarkTokensCard({ benchmark }: { benchmark: Benchmark }) {
  const tokens = benchmark.summary?.tokens;
  if (!tokens) return null;
  const headline = [
    {
      label: 'Output throughput',
      value: tokens.output_tokens_per_s === null ? null : formatTokensPerS(tokens.output_tokens_per_s),
    },
    {
      label: 'Request throughput',
      value: tokens.requests_per_s === null ? null : `${tokens.requests_per_s.toFixed(2)} req/s`,
    },
    {
      label: 'Output tokens',
      value: tokens.output_tokens_total === null ? null : formatCount(tokens.output_tokens_total),
    },
    { label: 'Runs with tokens', value: formatCount(tokens.runs) },
  ];
  return (
    <StackedCard
      testId="benchmark-tokens"
      title="Tokens"
      description="Throughput is Σ output tokens (or completed runs) over the time from the first start to the last finish; the table gives each completed run's own figures."
    >
      <dl className="grid grid-cols-2 gap-3 xl:grid-cols-4">
        {headline.map((f) => (
          <FigureTile key={f.label} label={f.label} testId={`tokens-${f.label}`}>
            {f.value ?? <span className="text-sm font-normal text-muted-foreground">no data</span>}
          </FigureTile>
        ))}
      </dl>
      <DataTable
        testId="benchmark-token-percentiles"
        columns={[
          {
            id: 'metric',
            header: 'Per request',
            className: 'whitespace-normal font-medium',
            cell: (r) => r.label,
          },
          {
            id: 'n',
            header: 'n',
            from: 'sm',
            align: 'right',
            className: 'tabular-nums',
            muted: true,
            cell: (r) => formatCount(r.figures.count),
          },
          percentile('p50'),
          percentile('p95'),
          percentile('p99'),
        ]}
        rows={tokenRows(tokens)}
        rowProps={(r) => ({ 'data-testid': 'token-row', 'data-key': r.key })}
      />
    </StackedCard>
  );
}
