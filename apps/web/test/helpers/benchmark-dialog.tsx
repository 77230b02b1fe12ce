import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Scenario } from '@tfbench/contract';
import type { AppRouterInstance } from 'next/dist/shared/lib/app-router-context.shared-runtime';
import { AppRouterContext } from 'next/dist/shared/lib/app-router-context.shared-runtime';
import { BenchmarkDialog } from '@/components/scenarios/benchmark-dialog';
import { type Answer, type ApiServer, apiServerForFile } from './api-server';

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

/**
 * The benchmark dialog with a user to drive it: `choose` picks an option of a select by its
 * label, `retype` replaces what a field holds, `start` presses the dialog's submit button.
 */
export function driveBenchmarkDialog(scenario: Scenario) {
  const { dialog, pushed, field: control } = renderBenchmarkDialog(scenario);
  const field = (label: string) => control(label) as HTMLInputElement;
  const user = userEvent.setup({ delay: null });
  const choose = async (select: string, option: RegExp) => {
    await user.click(within(dialog).getByRole('combobox', { name: select }));
    await user.click(await screen.findByRole('option', { name: option }));
  };
  const retype = async (label: string, text: string) => {
    await user.clear(field(label));
    await user.type(field(label), text);
  };
  const start = () => user.click(within(dialog).getByRole('button', { name: 'Start benchmark' }));
  return { dialog, pushed, user, field, choose, retype, start };
}

/**
 * A loopback API for the dialog's tests: room for 100 runs in flight, `datasets` to pick from,
 * and every other request (the start) answered by `start`.
 */
export function benchmarkApiForFile(datasets: unknown[], start: (body: unknown) => Answer): ApiServer {
  return apiServerForFile((req) => {
    if (req.path === '/api/v1/benchmarks/capacity') {
      return { status: 200, body: { workers: 1, concurrency: 100, max_concurrency: 1000 } };
    }
    if (req.path.startsWith('/api/v1/datasets')) return { status: 200, body: datasets };
    return start(req.body);
  });
}
