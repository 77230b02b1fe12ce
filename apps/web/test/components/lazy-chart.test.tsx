// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { Component, type ComponentType, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyChart } from '@/components/charts/lazy-chart';

afterEach(cleanup);

/** A chart module whose import the test settles by hand. */
function deferredModule<P>() {
  let settle:
    | { resolve: (m: { default: ComponentType<P> }) => void; reject: (e: unknown) => void }
    | undefined;
  const promise = new Promise<{ default: ComponentType<P> }>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let asked = 0;
  return {
    load: () => {
      asked += 1;
      return promise;
    },
    asked: () => asked,
    ...settle!,
  };
}

function Bars({ label }: { label: string }) {
  return <p data-testid="chart">{label}</p>;
}

class Boundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  override render() {
    return this.state.error ? <p data-testid="boundary">{this.state.error}</p> : this.props.children;
  }
}

describe('lazyChart', () => {
  it('asks for the code once, before any chart renders, and swaps the skeleton for the chart', async () => {
    const module = deferredModule<{ label: string }>();
    const Chart = lazyChart(module.load);
    // Asked for when the page's code runs, not at the first render.
    expect(module.asked()).toBe(1);
    const { container } = render(
      <>
        <Chart label="first" />
        <Chart label="second" />
      </>,
    );
    expect(container.querySelectorAll('[data-slot="skeleton"]')).toHaveLength(2);
    await act(async () => module.resolve({ default: Bars }));
    expect(screen.getAllByTestId('chart').map((p) => p.textContent)).toEqual(['first', 'second']);
    expect(container.querySelectorAll('[data-slot="skeleton"]')).toHaveLength(0);
    expect(module.asked()).toBe(1);
  });

  it('renders at once when the code arrived before the chart', async () => {
    const module = deferredModule<{ label: string }>();
    const Chart = lazyChart(module.load);
    await act(async () => module.resolve({ default: Bars }));
    const { container } = render(<Chart label="ready" />);
    expect(screen.getByTestId('chart').textContent).toBe('ready');
    expect(container.querySelectorAll('[data-slot="skeleton"]')).toHaveLength(0);
  });

  it('hands a failed import to the error boundary instead of a skeleton that never ends', async () => {
    const module = deferredModule<{ label: string }>();
    const Chart = lazyChart(module.load);
    render(
      <Boundary>
        <Chart label="never" />
      </Boundary>,
    );
    const quiet = console.error;
    console.error = () => {};
    try {
      await act(async () => module.reject(new Error('chunk failed to load')));
    } finally {
      console.error = quiet;
    }
    expect(screen.getByTestId('boundary').textContent).toBe('chunk failed to load');
  });
});
