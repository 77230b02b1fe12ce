/** /openapi.json is a valid OpenAPI 3.1 document listing every route; /docs serves the UI. */
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import { useApp } from './helpers.js';
import { openApiProblems } from './openapi-conformance.js';

/** Every route of the API: the original README's, /health, and accounts and keys. */
const ROUTES = [
  'GET /health',
  'GET /api/v1/automations',
  'POST /api/v1/automations',
  'GET /api/v1/automations/{id}',
  'PUT /api/v1/automations/{id}',
  'DELETE /api/v1/automations/{id}',
  'GET /api/v1/scenarios',
  'POST /api/v1/scenarios',
  'GET /api/v1/scenarios/{id}',
  'PUT /api/v1/scenarios/{id}',
  'DELETE /api/v1/scenarios/{id}',
  'POST /api/v1/scenarios/{id}/schedule',
  'GET /api/v1/scenarios/{id}/schedule/estimate',
  'POST /api/v1/scenarios/schedule-estimate',
  'POST /api/v1/scenarios/{id}/clone',
  'GET /api/v1/runs',
  'GET /api/v1/runs/{id}',
  'POST /api/v1/runs/trigger',
  'GET /api/v1/runs/kpis/dashboard',
  'GET /api/v1/benchmarks',
  'POST /api/v1/benchmarks',
  'GET /api/v1/benchmarks/capacity',
  'GET /api/v1/benchmarks/{id}',
  'POST /api/v1/benchmarks/{id}/cancel',
  'POST /api/v1/benchmarks/{id}/rerun',
  'GET /api/v1/benchmarks/{id}/report',
  'GET /api/v1/benchmarks/{id}/rows',
  'GET /api/v1/datasets',
  'POST /api/v1/datasets',
  'POST /api/v1/datasets/upload',
  'GET /api/v1/datasets/{id}',
  'GET /api/v1/datasets/{id}/rows',
  'DELETE /api/v1/datasets/{id}',
  'GET /api/v1/runs/export',
  'GET /api/v1/benchmark-definitions',
  'POST /api/v1/benchmark-definitions',
  'GET /api/v1/benchmark-definitions/{id}',
  'PATCH /api/v1/benchmark-definitions/{id}',
  'DELETE /api/v1/benchmark-definitions/{id}',
  'POST /api/v1/benchmark-definitions/{id}/run',
  'GET /api/v1/config/export',
  'POST /api/v1/config/plan',
  'POST /api/v1/config/apply',
  'GET /api/v1/analytics/timeseries',
  'GET /api/v1/analytics/histogram',
  'GET /api/v1/analytics/compare',
  'GET /api/v1/alerts',
  'GET /api/v1/alerts/{id}',
  'POST /api/v1/alerts/{id}/acknowledge',
  'POST /api/v1/alerts/{id}/silence',
  'DELETE /api/v1/alerts/{id}/silence',
  'GET /api/v1/auth/status',
  'POST /api/v1/auth/setup',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/logout-all',
  'GET /api/v1/auth/me',
  'GET /api/v1/users',
  'POST /api/v1/users',
  'PATCH /api/v1/users/{id}',
  'POST /api/v1/users/{id}/password',
  'DELETE /api/v1/users/{id}',
  'GET /api/v1/api-keys',
  'POST /api/v1/api-keys',
  'DELETE /api/v1/api-keys/{id}',
  'GET /api/v1/audit',
];

interface Operation {
  summary?: string;
  tags?: string[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

describeEachDatabase('OpenAPI and docs', (getDb) => {
  const app = useApp(getDb);

  it('serves a valid OpenAPI 3.1 document listing exactly the API routes', async () => {
    const response = await app().inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const document = response.json();
    expect(openApiProblems(document)).toEqual([]);
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual([...ROUTES].sort());
  });

  it('documents each operation with a summary, a tag and its error envelope', async () => {
    const document = (await app().inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method} ${path}`;
        expect(operation.summary, where).toEqual(expect.any(String));
        expect(operation.tags, where).toHaveLength(1);
        if (path !== '/health') {
          expect(operation.responses['400']?.content?.['application/json']?.schema, where).toEqual({
            $ref: '#/components/schemas/Error',
          });
        }
      }
    }
    // Request bodies are documented with their bounds.
    const create =
      document.components.schemas[
        document.paths['/api/v1/automations'].post.requestBody.content['application/json'].schema.$ref
          .split('/')
          .pop()
      ];
    expect(create.required).toEqual(['name']);
    expect(create.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(create.additionalProperties).toBe(false);
  });

  it('serves the interactive docs as HTML', async () => {
    let response = await app().inject({ method: 'GET', url: '/docs' });
    if (response.statusCode >= 300 && response.statusCode < 400) {
      response = await app().inject({ method: 'GET', url: String(response.headers.location) });
    }
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/swagger-ui/i);
  });
});

it('the conformance check finds the faults it looks for', () => {
  const broken = {
    openapi: '3.0.0',
    info: { title: 'x' },
    paths: {
      '/a/{id}': {
        get: {
          tags: ['undeclared'],
          parameters: [{ name: 'id', in: 'query', schema: { type: 'nope' } }],
          responses: {
            200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Gone' } } } },
          },
        },
      },
    },
  };
  const problems = openApiProblems(broken).join('\n');
  for (const expected of [
    'openapi must be 3.1.x',
    'info.title and info.version',
    'tag undeclared is not declared',
    'invalid JSON Schema',
    'do not match the template',
    'response description is required',
    'unresolvable $ref #/components/schemas/Gone',
  ]) {
    expect(problems).toContain(expected);
  }
});
