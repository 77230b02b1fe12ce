// @vitest-environment happy-dom
/**
 * The Tokens card of a benchmark against an OpenAI-compatible endpoint: output and request
 * throughput as headline figures, per-request p50/p95/p99 each in its own unit, and no card for
 * benchmarks whose summary has no token figures.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import type { BenchmarkSummary } from '@tfbench/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { BenchmarkTokensCard } from '@/components/benchmarks/benchmark-tokens-card';
import { benchmarkOf } from './helpers/benchmark';

afterEach(cleanup);

const spread = (p50: number, p95: number, p99: number | null) => ({
  count: 20,
  mean: p50,
  min: p50,
  p50,
  p90: p95,
  p95,
  p99,
  max: p99 ?? p95,
});

const tokens: NonNullable<BenchmarkSummary['tokens']> = {
  runs: 20,
  output_tokens_total: 4000,
  output_tokens_per_s: 812.5,
  requests_per_s: 4.0625,
  tpot_ms: spread(20, 31, 45),
  output_tokens_per_s_per_request: spread(50, 42.3, 30),
  output_tokens: spread(200, 250, 256),
  input_tokens: spread(12, 12, 12),
  time_to_first_answer_token_ms: spread(300, 900, null),
};

const withTokens = (value: BenchmarkSummary['tokens']) =>
  benchmarkOf({ summary: { tokens: value } as unknown as BenchmarkSummary });

describe('BenchmarkTokensCard', () => {
  it('shows output and request throughput and the output-token total', () => {
    render(<BenchmarkTokensCard benchmark={withTokens(tokens)} />);
    expect(screen.getByTestId('tokens-Output throughput').textContent).toBe('813 tok/s');
    expect(screen.getByTestId('tokens-Request throughput').textContent).toBe('4.06 req/s');
    expect(screen.getByTestId('tokens-Output tokens').textContent).toBe('4,000');
    expect(screen.getByTestId('tokens-Runs with tokens').textContent).toBe('20');
  });

  it('tabulates per-request p50/p95/p99, each in its unit, with "no data" for a missing one', () => {
    render(<BenchmarkTokensCard benchmark={withTokens(tokens)} />);
    const cells = (key: string) => {
      const row = screen.getAllByTestId('token-row').find((r) => r.getAttribute('data-key') === key);
      return within(row!)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    };
    expect(cells('tpot')).toEqual(['TPOT', '20', '20 ms', '31 ms', '45 ms']);
    expect(cells('speed')).toEqual(['Output speed (tok/s)', '20', '50.0', '42.3', '30.0']);
    expect(cells('output')).toEqual(['Output tokens', '20', '200', '250', '256']);
    expect(cells('ttfa')).toEqual(['First answer token', '20', '300 ms', '900 ms', 'no data']);
  });

  it('renders nothing without token figures', () => {
    const { container } = render(<BenchmarkTokensCard benchmark={withTokens(null)} />);
    expect(container.textContent).toBe('');
    render(<BenchmarkTokensCard benchmark={benchmarkOf({})} />);
    expect(screen.queryByTestId('benchmark-tokens')).toBeNull();
  });
});
