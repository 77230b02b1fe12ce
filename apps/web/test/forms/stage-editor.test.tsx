// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { type StageRow, stageRow } from '@/components/scenarios/benchmark-load-values';
import { StageEditor } from '@/components/scenarios/stage-editor';

/** The editor with its rows held in state, and the latest rows kept for the test to read. */
function Harness({ seen, error }: { seen: { rows: StageRow[] }; error?: string }) {
  const [rows, setRows] = useState<StageRow[]>([stageRow('30', '5'), stageRow('60', '5')]);
  seen.rows = rows;
  return <StageEditor stages={rows} onChange={setRows} unit="runs per second" error={error} />;
}

const plain = (rows: StageRow[]) => rows.map(({ durationS, target }) => ({ durationS, target }));

afterEach(cleanup);

describe('StageEditor', () => {
  it('edits a stage, adds one holding the last target, and removes one', async () => {
    const user = userEvent.setup({ delay: null });
    const seen = { rows: [] as StageRow[] };
    render(<Harness seen={seen} />);
    const target = screen.getByLabelText('Stage 1 target (runs per second)');
    await user.clear(target);
    await user.type(target, '12');
    await user.click(screen.getByRole('button', { name: 'Add stage' }));
    expect(plain(seen.rows)).toEqual([
      { durationS: '30', target: '12' },
      { durationS: '60', target: '5' },
      { durationS: '30', target: '5' },
    ]);
    await user.type(screen.getByLabelText('Stage 3 duration (seconds)'), '0');
    await user.click(screen.getByRole('button', { name: 'Remove stage 2' }));
    expect(plain(seen.rows)).toEqual([
      { durationS: '30', target: '12' },
      { durationS: '300', target: '5' },
    ]);
    // The row that moved up keeps its own input: what was typed into stage 3 is now stage 2's.
    expect((screen.getByLabelText('Stage 2 duration (seconds)') as HTMLInputElement).value).toBe('300');
  });

  it('keeps the last stage (a profile needs one) and shows the message it is given', async () => {
    const user = userEvent.setup({ delay: null });
    const seen = { rows: [] as StageRow[] };
    render(
      <Harness
        seen={seen}
        error="Stage 2: target must be from 0 to 4 (runs in flight, up to concurrency)."
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Remove stage 2' }));
    expect(seen.rows).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Remove stage 1' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('alert').textContent).toMatch(/^Stage 2: target must be from 0 to 4/);
  });
});
