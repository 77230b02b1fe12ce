import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';

describe('parseCliArgs', () => {
  it('has defaults: 127.0.0.1:8787, lenient, no seed, no key, 5 s grace', () => {
    expect(parseCliArgs([], {})).toEqual({
      options: { host: '127.0.0.1', port: 8787, strict: false },
      modelFile: null,
      graceMs: 5000,
      help: false,
    });
  });

  it('reads flags in both --flag value and --flag=value forms', () => {
    const req = parseCliArgs(
      [
        '--port',
        '9000',
        '--seed=1',
        '--strict',
        '--api-key',
        'k',
        '--model',
        '{"steps":2}',
        '--concurrency-limit',
        '3',
        '--grace-ms=0',
      ],
      {},
    );
    expect(req.options).toEqual({
      host: '127.0.0.1',
      port: 9000,
      seed: 1,
      strict: true,
      apiKey: 'k',
      model: { steps: 2 },
      concurrencyLimit: 3,
    });
    expect(req.graceMs).toBe(0);
  });

  it('falls back to MOCK_TINYFISH_* variables, flags winning', () => {
    const env = {
      MOCK_TINYFISH_PORT: '7000',
      MOCK_TINYFISH_SEED: '9',
      MOCK_TINYFISH_STRICT: 'true',
      MOCK_TINYFISH_API_KEY: 'from-env',
      MOCK_TINYFISH_MODEL: '{"spelling":"camel"}',
      MOCK_TINYFISH_HOST: '0.0.0.0',
    };
    expect(parseCliArgs([], env).options).toEqual({
      host: '0.0.0.0',
      port: 7000,
      seed: 9,
      strict: true,
      apiKey: 'from-env',
      model: { spelling: 'camel' },
    });
    expect(parseCliArgs(['--port', '1', '--lenient'], env).options).toMatchObject({ port: 1, strict: false });
  });

  it.each([
    [['--port', 'x'], /--port must be an integer/],
    [['--port', '70000'], /--port must be an integer/],
    [['--model', '{'], /--model must be a JSON object/],
    [['--strict', '--lenient'], /exclude each other/],
    [['--bogus', '1'], /Unknown option --bogus/],
    [['positional'], /Unexpected argument/],
    [['--seed'], /--seed needs a value/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv, {})).toThrow(message);
  });

  it('rejects a malformed MOCK_TINYFISH_STRICT', () => {
    expect(() => parseCliArgs([], { MOCK_TINYFISH_STRICT: 'yes' })).toThrow(/MOCK_TINYFISH_STRICT/);
  });
});
