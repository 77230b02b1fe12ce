// @vitest-environment happy-dom
import { within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { type Answer, validationError } from '../helpers/api-server';
import { benchmarkApiForFile, driveBenchmarkDialog } from '../helpers/benchmark-dialog';
import { scenarioOf } from '../helpers/scenario';

let onStart: (body: unknown) => Answer = () => ({ status: 500 });

const api = benchmarkApiForFile([], (body) => onStart(body));

function renderDialog(runSettings: Record<string, unknown> = {}) {
  const scenario = scenarioOf({
    id: 5,
    name: 'Ask the model',
    run_settings: { iterations: 40, concurrency: 8, ...runSettings },
  });
  return driveBenchmarkDialog(scenario);
}

const posted = () => api.sent('POST', '/api/v1/benchmarks').map((r) => r.body as Record<string, unknown>);

describe('BenchmarkDialog: sweep and search', () => {
  it('posts a sweep with its points, duration, an SLO and a precision target, and sketches the plan', async () => {
    onStart = (body) => ({ status: 201, body: { id: 31, ...(body as object), warnings: [] } });
    const { dialog, pushed, user, field, choose, retype, start } = renderDialog();
    await choose('Arrival', /Sweep/);
    // A series sets each step's load: no rate, no ramp, no duration cap, no repeats.
    expect(field('Rate (runs per second)').disabled).toBe(true);
    expect(within(dialog).queryByRole('combobox', { name: 'Load shape' })).toBeNull();
    expect(within(dialog).queryByLabelText('Max duration (s)')).toBeNull();
    expect(within(dialog).queryByLabelText('Repeats')).toBeNull();
    await retype('Number of points', '4');
    await retype('Duration per point (s)', '15');
    expect(within(dialog).getByTestId('series-preview-caption').textContent).toBe(
      '2 probes, then 4 constant-rate points of 15 s each: about 90 s in all. The rates are known only after the probes: the first point runs at the rate the synchronous probe achieved, the last at the throughput probe’s.',
    );
    // The sketch: the two probes, then one bar per point.
    const sketch = within(dialog).getByRole('img', { name: /Planned sweep/ });
    expect(sketch.querySelectorAll('rect')).toHaveLength(6);
    await user.type(field('SLO: time to first token (ms)'), '800');
    await choose('Stop once precise: metric', /^ttft_ms$/);
    await user.type(field('Half-width'), '25');
    await user.type(field('Judge again every (runs)'), '3');
    await start();

    await expect.poll(() => pushed).toEqual(['/benchmarks/31']);
    const [sent] = posted();
    expect(sent).toMatchObject({
      arrival: 'sweep',
      iterations: 40,
      concurrency: 8,
      sweep: { points: 4, duration_s_per_point: 15 },
      slo: { ttft_ms: 800 },
      until_ci_halfwidth: { metric: 'ttft_ms', halfwidth: 25 },
      stop_check_every: 3,
    });
    for (const refused of ['rate_per_s', 'stages', 'duration_s', 'repeats', 'search', 'max_lag_s'])
      expect(sent).not.toHaveProperty(refused);
  });

  it("checks the sweep's fields in the API's words before sending", async () => {
    onStart = () => ({ status: 500 });
    const { dialog, choose, retype, start } = renderDialog();
    await choose('Arrival', /Sweep/);
    await retype('Number of points', '1');
    await retype('Duration per point (s)', '0.5');
    expect(within(dialog).getByTestId('series-preview').textContent).toMatch(/appears once the points/);
    await start();
    expect(
      await within(dialog).findByText(
        'Must be a whole number from 2 to 50 (the first point is at the synchronous rate, the last at the throughput rate).',
      ),
    ).toBeTruthy();
    expect(within(dialog).getByText('Must be a number of seconds from 1 to 3600.')).toBeTruthy();
    expect(posted()).toEqual([]);
  });

  it('asks a search for an SLO, explains the search, and posts it over concurrency', async () => {
    onStart = (body) => ({ status: 201, body: { id: 32, ...(body as object), warnings: [] } });
    const { dialog, pushed, user, field, choose, retype, start } = renderDialog();
    await choose('Arrival', /Search/);
    expect(within(dialog).getByTestId('slo-note').textContent).toBe(
      'A search judges SLO attainment: give at least one bound.',
    );
    await start();
    expect(
      await within(dialog).findByText(
        'A search judges SLO attainment: give at least one bound here (the scenario sets none).',
      ),
    ).toBeTruthy();
    expect(posted()).toEqual([]);

    await choose('Search over', /Concurrency/);
    await retype('Target attainment', '0.9');
    await user.type(field('Start (runs in flight)'), '2');
    await user.type(field('Most (runs in flight)'), '9');
    await start();
    expect(
      await within(dialog).findByText('Must be a whole number of runs in flight from 1 to concurrency (8).'),
    ).toBeTruthy();
    await retype('Most (runs in flight)', '8');
    expect(within(dialog).getByTestId('series-preview').textContent).toBe(
      "Starts at 2 runs in flight and doubles the load (up to 8) until a probe fails, then bisects to within 1 run in flight. A probe passes when the lower bound of its SLO attainment's 95 % interval reaches 90 %, fails when the upper bound is below it, and otherwise runs another 40 runs.",
    );
    await user.type(field('SLO: total duration (ms)'), '5000');
    await start();

    await expect.poll(() => pushed).toEqual(['/benchmarks/32']);
    expect(posted()[0]).toMatchObject({
      arrival: 'search',
      search: { target_attainment: 0.9, over: 'concurrency', start: 2, max: 8 },
      slo: { total_ms: 5000 },
    });
  });

  it("uses the scenario's SLO for a search, and shows the API's messages on the search fields", async () => {
    onStart = () =>
      validationError({
        'search.max': 'must be at least search.start',
        slo: 'must give at least one of ttft_ms',
      });
    const { dialog, choose, start } = renderDialog({ slo: { ttft_ms: 900 } });
    await choose('Arrival', /Search/);
    expect(within(dialog).getByTestId('slo-note').textContent).toMatch(/^Empty: the scenario's SLO/);
    await start();
    expect(await within(dialog).findByText('must be at least search.start')).toBeTruthy();
    expect(within(dialog).getByText('must give at least one of ttft_ms')).toBeTruthy();
    const [sent] = posted().slice(-1);
    expect(sent).toMatchObject({ arrival: 'search', search: { target_attainment: 0.95, over: 'rate' } });
    expect(sent).not.toHaveProperty('slo');
  });
});
