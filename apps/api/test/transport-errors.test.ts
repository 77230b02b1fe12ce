/**
 * What the HTTP layer itself refuses, before any route runs: oversized bodies, non-JSON
 * bodies, broken JSON, unknown routes and malformed URLs — each in the one error envelope.
 */
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../src/index.js';
import {
  expectErrorEnvelope,
  fieldsOf,
  postJson,
  README_EXAMPLES,
  storedFingerprint,
  useApp,
} from './helpers.js';

describeEachDatabase('transport errors', (getDb) => {
  const app = useApp(getDb);

  it('bounds how long a client may take to send a request', () => {
    const { connectionTimeout, bodyLimit } = app().initialConfig;
    expect(app().server.requestTimeout).toBeGreaterThan(0);
    expect(app().server.headersTimeout).toBeGreaterThan(0);
    expect(connectionTimeout).toBeGreaterThan(0);
    expect(bodyLimit).toBe(BODY_LIMIT_BYTES);
  });

  it('answers 413 above 1 MiB and stores nothing', async () => {
    const before = await storedFingerprint(getDb());
    const name = 'x'.repeat(BODY_LIMIT_BYTES);
    const response = await postJson(app(), '/api/v1/automations', { name });
    expect(response.statusCode).toBe(413);
    expect(expectErrorEnvelope(response).code).toBe('PAYLOAD_TOO_LARGE');
    expect(await storedFingerprint(getDb())).toEqual(before);
  });

  it('accepts a body just under 1 MiB up to the schema (then names the too-long field)', async () => {
    const response = await postJson(app(), '/api/v1/automations', {
      name: 'x'.repeat(BODY_LIMIT_BYTES - 100),
    });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(expectErrorEnvelope(response).details)).toEqual(['body.name']);
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
  ])('answers 415 for bodies that are not JSON: %s', async (contentType) => {
    const response = await app().inject({
      method: 'POST',
      url: '/api/v1/automations',
      headers: { 'content-type': contentType },
      payload: 'name=x',
    });
    expect(response.statusCode).toBe(415);
    expect(expectErrorEnvelope(response).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 415 for bodies that are not JSON: no content type', async () => {
    const noType = await app().inject({
      method: 'PUT',
      url: '/api/v1/automations/1',
      payload: Buffer.from('{}'),
    });
    expect(noType.statusCode).toBe(415);
  });

  it('accepts JSON with a charset parameter', async () => {
    const response = await app().inject({
      method: 'POST',
      url: '/api/v1/automations',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: README_EXAMPLES.automation,
    });
    expect(response.statusCode).toBe(201);
  });

  it.each(['{', '{"name": }', "{'name': 'x'}", '{"name": "x"} trailing', '', '{"__proto__": {"x": 1}}'])(
    'answers 400 INVALID_JSON naming the body for unparseable JSON: %j',
    async (payload) => {
      const response = await postJson(app(), '/api/v1/automations', payload);
      expect(response.statusCode).toBe(400);
      const error = expectErrorEnvelope(response);
      expect(error.code).toBe('INVALID_JSON');
      expect(fieldsOf(error.details)).toEqual(['body']);
    },
  );

  it.each(['null', '[]', '"text"', '42', 'true'])(
    'answers 400 naming the body when it is not an object: %s',
    async (payload) => {
      const response = await postJson(app(), '/api/v1/runs/trigger', payload);
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(expectErrorEnvelope(response).details)).toEqual(['body']);
    },
  );

  it('answers 400 naming the body when it is missing', async () => {
    const none = await app().inject({ method: 'POST', url: '/api/v1/runs/trigger' });
    expect(none.statusCode).toBe(400);
    expect(expectErrorEnvelope(none).details).toEqual([
      { field: 'body', message: 'is required: send a JSON object' },
    ]);
  });

  it('lets DELETE carry a JSON content type without a body', async () => {
    await postJson(app(), '/api/v1/automations', README_EXAMPLES.automation);
    const response = await app().inject({
      method: 'DELETE',
      url: '/api/v1/automations/1',
      headers: { 'content-type': 'application/json', 'content-length': '0' },
    });
    expect(response.statusCode).toBe(204);
  });

  it.each([
    ['GET', '/nope'],
    ['GET', '/api/v2/automations'],
    ['PATCH', '/api/v1/automations/1'],
    ['POST', '/api/v1/runs'],
  ] as const)('answers unknown routes and methods with 404 in the envelope: %s %s', async (method, url) => {
    const response = await app().inject({ method, url });
    expect(response.statusCode).toBe(404);
    expect(expectErrorEnvelope(response).code).toBe('NOT_FOUND');
  });

  it('answers 414 naming the URL for a path parameter over 100 characters', async () => {
    const response = await app().inject({ method: 'GET', url: `/api/v1/automations/${'9'.repeat(200)}` });
    expect(response.statusCode).toBe(414);
    expect(fieldsOf(expectErrorEnvelope(response).details)).toEqual(['url']);
  });

  it('answers 400 naming the URL for bad percent-encoding', async () => {
    const response = await app().inject({ method: 'GET', url: '/api/v1/automations/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(expectErrorEnvelope(response).details)).toEqual(['url']);
  });
});
