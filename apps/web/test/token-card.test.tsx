// @vitest-environment happy-dom
/**
 * The Tokens card of an OpenAI-compatible run: every token figure labelled (with where the
 * output count came from), the chunk timeline drawn from the sampled arrivals with TTFT and the
 * first answer token marked, and nothing at all for runs without token figures.
 */
import { cleanup, render, screen } from '@testing-library/react';
import type { Run, RunDetail } from '@tfbench/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { FigureGrid } from '@/components/runs/run-figures';
import { RunsTable } from '@/components/runs/runs-table';
import { TokenCard } from '@/components/runs/token-card';
import { TooltipProvider } from '@/components/ui/tooltip';
import { cumulativeChunks, formatTokensPerS, tokensPerChunk } from '@/lib/token-figures';

afterEach(cleanup);

const metrics: NonNullable<RunDetail['token_metrics']> = {
  input_tokens: 12,
  output_tokens: 200,
  reasoning_tokens: 40,
  output_tokens_source: 'usage',
  time_to_first_answer_token_ms: 900,
  tpot_ms: 20,
  output_tokens_per_s: 50,
  chunks: 100,
  max_tokens_per_chunk: 3,
  finish_reason: 'length',
};

function runOf(values: Partial<RunDetail>): RunDetail {
  return {
    id: 7,
    status: 'completed',
    ttft_ms: 150,
    events: [],
    token_metrics: metrics,
    token_timeline: { total_chunks: 100, stride: 10, at_ms: [150, 400, 2100], index: [0, 10, 99] },
    ...values,
  } as unknown as RunDetail;
}

const draw = (run: RunDetail) =>
  render(
    <TooltipProvider>
      <TokenCard run={run} />
    </TooltipProvider>,
  );

describe('token figures', () => {
  it('turns sampled arrivals into a cumulative chunk count in time order', () => {
    expect(
      cumulativeChunks({ total_chunks: 100, stride: 10, at_ms: [400, 150, 2100], index: [10, 0, 99] }),
    ).toEqual([
      { at_ms: 150, chunks: 1 },
      { at_ms: 400, chunks: 11 },
      { at_ms: 2100, chunks: 100 },
    ]);
  });

  it('formats speeds with precision for their size and averages tokens per chunk', () => {
    expect(formatTokensPerS(0.5)).toBe('0.50 tok/s');
    expect(formatTokensPerS(42.37)).toBe('42.4 tok/s');
    expect(formatTokensPerS(1234.5)).toBe('1,235 tok/s');
    expect(tokensPerChunk(200, 100)).toBe(2);
    expect(tokensPerChunk(null, 100)).toBeNull();
    expect(tokensPerChunk(5, 0)).toBeNull();
  });
});

describe('TokenCard', () => {
  it('shows each token figure with its unit and the source of the output count', () => {
    draw(runOf({}));
    const figure = (label: string) => screen.getByTestId(`token-figure-${label}`).textContent;
    expect(figure('TTFT')).toBe('150 ms');
    expect(figure('First answer token')).toBe('900 ms');
    expect(figure('TPOT')).toBe('20 ms');
    expect(figure('Output speed')).toBe('50.0 tok/s');
    expect(figure('Input tokens')).toBe('12');
    expect(figure('Output tokens')).toBe('200');
    expect(figure('Reasoning tokens')).toBe('40');
    expect(figure('Chunks')).toBe('100');
    expect(figure('Max tokens/chunk')).toBe('3');
    expect(figure('Finish reason')).toBe('length');
    expect(screen.getByTestId('token-card').textContent).toContain('from usage');
  });

  it('says when the output count was counted from chunks, and why a figure is missing', () => {
    draw(runOf({ token_metrics: { ...metrics, output_tokens_source: 'chunks', reasoning_tokens: null } }));
    expect(screen.getByTestId('token-card').textContent).toContain('counted from chunks');
    expect(screen.getByTestId('token-figure-Reasoning tokens').textContent).toBe('–not reached');
  });

  it('draws the chunk timeline with TTFT and the first answer token marked', () => {
    draw(runOf({}));
    const chart = screen.getByTestId('token-timeline-chart');
    expect(chart.getAttribute('aria-label')).toBe('Chunks received over time: 100 by 2.10 s');
    const path = screen.getByTestId('token-timeline-line').getAttribute('d') ?? '';
    // One segment per kept arrival, starting from zero at the first one.
    expect(path.match(/L/g)).toHaveLength(3);
    expect(screen.getByTestId('token-marker-TTFT').textContent).toBe('TTFT 150 ms');
    expect(screen.getByTestId('token-marker-first answer').textContent).toBe('first answer 900 ms');
    expect(screen.getByTestId('token-card').textContent).toContain('one in every 10 between them, of 100');
    expect(screen.getByTestId('token-card').textContent).toContain('2.00 output tokens per chunk');
  });

  it('draws one mark when the first token was already an answer token', () => {
    draw(runOf({ token_metrics: { ...metrics, time_to_first_answer_token_ms: 150 } }));
    expect(screen.getByTestId('token-marker-TTFT')).toBeTruthy();
    expect(screen.queryByTestId('token-marker-first answer')).toBeNull();
  });

  it('renders nothing for a run without token figures, and says so when arrivals are missing', () => {
    const { container } = draw(runOf({ token_metrics: null }));
    expect(container.textContent).toBe('');
    cleanup();
    draw(runOf({ token_timeline: null }));
    expect(screen.getByTestId('token-card').textContent).toContain('No chunk arrivals were recorded');
  });
});

describe('RunsTable output speed', () => {
  const listed = (values: Partial<Run>) =>
    ({
      id: 1,
      scenario_id: 1,
      status: 'completed',
      created_at: '2026-01-01T00:00:00Z',
      ...values,
    }) as unknown as Run;

  it('adds a wide-screen Tok/s column when a listed run has token figures', () => {
    render(
      <RunsTable
        runs={[listed({ id: 1, token_metrics: metrics }), listed({ id: 2, token_metrics: null })]}
      />,
    );
    const head = screen.getByRole('columnheader', { name: 'Tok/s' });
    expect(head.className).toContain('xl:table-cell');
    const cells = screen.getAllByTestId('run-output-speed').map((c) => c.textContent);
    expect(cells).toEqual(['50.0', '·no token figures']);
  });

  it('leaves the column out when no listed run has token figures', () => {
    render(<RunsTable runs={[listed({ token_metrics: null })]} />);
    expect(screen.queryByRole('columnheader', { name: 'Tok/s' })).toBeNull();
  });
});

describe('FigureGrid of a token-streaming run', () => {
  const labels = () => screen.getAllByTestId(/^figure-/).map((f) => f.getAttribute('data-testid'));

  it('leaves out the browser-agent figures such a run never has', () => {
    render(
      <TooltipProvider>
        <FigureGrid run={runOf({})} />
      </TooltipProvider>,
    );
    expect(labels()).toEqual(['figure-Total time', 'figure-TTFT', 'figure-Queue wait', 'figure-Cost']);
  });

  it('keeps them for a run without token figures', () => {
    render(
      <TooltipProvider>
        <FigureGrid run={runOf({ token_metrics: null })} />
      </TooltipProvider>,
    );
    expect(labels()).toContain('figure-Steps');
    expect(labels()).toContain('figure-To live view');
  });
});
