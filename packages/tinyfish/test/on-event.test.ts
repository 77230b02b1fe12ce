import { describe, expect, it } from 'vitest';
import { inputs, useMock } from './helpers.js';

describe('a throwing onEvent', () => {
  const { provider } = useMock();

  it('never ends the run; the outcome says what happened', async () => {
    const outcome = await provider().execute({
      inputs: inputs(),
      onEvent: (event) => {
        if (event.type === 'PROGRESS') throw new Error('consumer bug');
      },
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.warnings.some((w) => w.includes('onEvent threw') && w.includes('consumer bug'))).toBe(
      true,
    );
    expect(outcome.metrics.steps).toBe(3);
  });
});
