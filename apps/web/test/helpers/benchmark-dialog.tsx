import { render, screen, within } from '@testing-library/react';
import type { Scenario } from '@tfbench/contract';
import type { AppRouterInstance } from 'next/dist/shared/lib/app-router-context.shared-runtime';
import { AppRouterContext } from 'next/dist/shared/lib/app-router-context.shared-runtime';
import { BenchmarkDialog } from '@/components/scenarios/benchmark-dialog';

/**
 * Renders the benchmark dialog of `scenario` inside a router that only records where it was
 * sent; `field` finds a control of the dialog by (part of) its label.
 */
export function renderBenchmarkDialog(scenario: Scenario) {
  const pushed: string[] = [];
  const router = { push: (href: string) => pushed.push(href) } as unknown as AppRouterInstance;
  render(
    <AppRouterContext.Provider value={router}>
      <BenchmarkDialog scenario={scenario} open onOpenChange={() => undefined} />
    </AppRouterContext.Provider>,
  );
  const dialog = screen.getByRole('dialog', { name: 'Start a benchmark' });
  return { dialog, pushed, field: (label: string) => within(dialog).getByLabelText(label, { exact: false }) };
}
