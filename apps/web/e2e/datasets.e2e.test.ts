/**
 * Datasets as a person uses them: a CSV uploaded on the Datasets page (through the multipart
 * endpoint) after a broken one whose line-numbered error shows in the dialog, previewed; then a ramping benchmark started from the dialog with that dataset and a
 * stop condition the mock makes fire; its page shows the stopped-early badge with the condition,
 * and results per row with the failing row marked. No console error. Both widths photographed.
 */
import { expect, it } from 'vitest';
import { type Created, call } from './harness/api.js';
import { settle } from './harness/page.js';
import { describeE2e } from './harness/suite.js';
import { bothWidths } from './harness/widths.js';

// One row in three fails on the mock: an error rate of 1/3, above the 0.2 the benchmark stops at.
const CSV =
  'goal,outcome\nList the shoes,COMPLETED\n"Find the ""cheapest"" item",FAILED\nRead the reviews,COMPLETED\n';

describeE2e('datasets in the dashboard', (ctx) => {
  it('uploads a CSV, starts a ramping benchmark with it, and shows per-row results and the early stop', async () => {
    const { page, system } = ctx();
    const automation = await call<Created>(system.apiUrl, 'POST', '/automations', {
      name: 'Row shop',
      provider: 'tinyfish',
      config: { mode: 'sse' },
      default_inputs: { url: 'https://scrapeme.live/shop', goal: 'List the products' },
    });
    await call<Created>(system.apiUrl, 'POST', '/scenarios', {
      name: 'Per-row goals',
      automation_id: automation.id,
      inputs_template: {
        goal: '{{row.goal}}',
        mock: { outcome: '{{row.outcome}}', steps: 1, step_delay_ms: 80 },
      },
      run_settings: { timeout_s: 60 },
      thresholds: [],
    });

    await page.goto(ctx().url('/datasets'));
    await settle(page);
    await page.getByTestId('upload-dataset').first().click();
    const upload = page.getByRole('dialog', { name: 'Upload a dataset' });
    // A broken file first: the API's line-numbered message stays in the dialog (Chromium logs
    // the 400 answer as a failed resource).
    ctx().expectConsoleErrors(/status of 400/);
    await upload.getByTestId('dataset-file').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('goal,outcome\nList the shoes,COMPLETED\nRead the reviews\n'),
    });
    await upload.getByRole('button', { name: 'Upload' }).click();
    const fileError = upload.locator('[data-slot="field-error"]');
    await fileError.waitFor();
    expect(await fileError.innerText()).toBe('line 3: 1 fields where the header has 2');
    await bothWidths(page, 'dataset-upload-error');
    await upload.getByTestId('dataset-file').setInputFiles({
      name: 'shop-goals.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    await upload.getByRole('button', { name: 'Upload' }).click();
    await upload.waitFor({ state: 'hidden' });
    const row = page.getByTestId('dataset-row').filter({ hasText: 'shop-goals' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/3\s+csv/);
    // Created datasets open their preview: the rows as stored, quotes undone.
    const preview = page.getByTestId('dataset-preview');
    await preview.waitFor();
    await expect.poll(() => preview.innerText()).toContain('Find the \\"cheapest\\" item');
    expect(await preview.innerText()).toContain('{{row.outcome}}');
    await bothWidths(page, 'datasets-page');

    await page.goto(ctx().url('/scenarios'));
    await settle(page);
    await page.getByRole('button', { name: 'Benchmark: Per-row goals' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a benchmark' });
    await dialog.getByLabel('Iterations').fill('40');
    await dialog.getByLabel('Concurrency').fill('2');
    await dialog.getByRole('combobox', { name: 'Load shape' }).click();
    await page.getByRole('option', { name: /Ramping stages/ }).click();
    await dialog.getByLabel('Stage 1 duration (seconds)').fill('1');
    await dialog.getByLabel('Stage 1 target (runs in flight)').fill('2');
    await dialog.getByLabel('Stage 2 duration (seconds)').fill('30');
    await dialog.getByLabel('Stage 2 target (runs in flight)').fill('2');
    expect(await dialog.getByTestId('load-preview-caption').innerText()).toBe(
      'Up to 2 runs in flight over 31 s, then the benchmark ends.',
    );
    await dialog.getByRole('combobox', { name: 'Dataset' }).click();
    await page.getByRole('option', { name: /shop-goals \(3 rows\)/ }).click();
    await dialog.getByLabel('Stop early when').fill('error_rate > 0.2');
    await dialog.getByLabel('Judge after (runs)').fill('6');
    await bothWidths(page, 'benchmark-dialog-profiles');
    await dialog.getByRole('button', { name: 'Start benchmark' }).click();
    await page.waitForURL(/\/benchmarks\/\d+$/);

    const badge = page.getByTestId('stopped-early-badge');
    await badge.waitFor({ timeout: 60_000 });
    expect(await badge.innerText()).toMatch(/Stopped early:\s*error_rate > 0.2/);
    expect(await page.getByTestId('benchmark-stop-reason').innerText()).toMatch(
      /^Stopped: stop_on condition "error_rate > 0.2" held .* into the measured phase, at /,
    );
    const failing = page.locator('[data-testid="benchmark-row"][data-flag="failing"]');
    await failing.first().waitFor({ timeout: 30_000 });
    expect(await failing.count()).toBe(1);
    expect(await failing.getAttribute('data-row')).toBe('1');
    expect(await page.getByTestId('benchmark-row').count()).toBe(3);
    await settle(page);
    await bothWidths(page, 'benchmark-stopped-early');
  });
});
