/**
 * The size cap on computed answers: an analytics answer past MAX_COMPUTED_RESPONSE_BYTES
 * becomes a 400 RESPONSE_TOO_LARGE in the envelope; other routes and smaller answers pass
 * untouched. On a bare Fastify with the plugin alone, since the real analytics routes' own
 * caps keep their answers far below it.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COMPUTED_RESPONSE_BYTES, responseCapPlugin } from '../src/http/response-cap.js';
import { expectErrorEnvelope } from './helpers.js';

describe('computed response size cap', () => {
  const app = Fastify({ logger: false });
  const huge = { points: 'x'.repeat(MAX_COMPUTED_RESPONSE_BYTES + 1) };
  beforeAll(async () => {
    await app.register(responseCapPlugin);
    app.get('/api/v1/analytics/huge', async () => huge);
    app.get('/api/v1/analytics/small', async () => ({ points: [1, 2, 3] }));
    app.get('/api/v1/elsewhere/huge', async () => huge);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 400 RESPONSE_TOO_LARGE instead of a body over the cap', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/analytics/huge?from=1970' });
    expect(response.statusCode).toBe(400);
    expect(response.body.length).toBeLessThan(1_000);
    const error = expectErrorEnvelope(response);
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect(error.message).toMatch(/narrow the time range/);
  });

  it('leaves small answers and other routes alone', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/analytics/small' })).json()).toEqual({
      points: [1, 2, 3],
    });
    expect((await app.inject({ method: 'GET', url: '/api/v1/elsewhere/huge' })).statusCode).toBe(200);
  });
});
