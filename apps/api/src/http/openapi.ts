/**
 * The OpenAPI document and the interactive docs. The document is generated from the same zod
 * schemas that validate requests and serialize responses, so the two cannot drift.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';

/** Where the interactive docs are served. */
export const DOCS_PREFIX = '/docs';
/** Where the OpenAPI document is served. */
export const OPENAPI_PATH = '/openapi.json';

/** Tags, in the order the docs show them. */
export const TAGS = [
  { name: 'automations', description: 'What to call: a TinyFish automation and its default inputs.' },
  { name: 'scenarios', description: 'Test cases of an automation: inputs, run settings, thresholds.' },
  { name: 'runs', description: 'Executions of a scenario, their timings and event timelines.' },
  {
    name: 'benchmarks',
    description: 'N runs of a scenario at a concurrency or an arrival rate, with a summary and thresholds.',
  },
  {
    name: 'datasets',
    description:
      'Rows (uploaded JSONL, CSV or ShareGPT, JSON, or synthetic) that benchmark runs take their inputs from.',
  },
  { name: 'events', description: 'Live run and benchmark events (Server-Sent Events).' },
  {
    name: 'analytics',
    description: 'Time series, histograms and statistical comparisons of runs.',
  },
  { name: 'alerts', description: 'Threshold and regression alerts of scheduled scenarios.' },
  {
    name: 'configuration',
    description: 'Configuration as code: export, plan and apply automations and scenarios under stable keys.',
  },
  { name: 'system', description: 'Health of the service.' },
  {
    name: 'auth',
    description:
      'Sign-in and sessions. Send an API key as `Authorization: Bearer tfb_…` or `X-API-Key`; browsers use the session cookie, and their writes the X-CSRF-Token header.',
  },
  { name: 'users', description: 'Accounts and their roles (admins only).' },
  { name: 'api-keys', description: 'Keys for machines (CI, scripts, the CLI).' },
] as const;

export type Tag = (typeof TAGS)[number]['name'];

/**
 * Register @fastify/swagger (must come before any route, so it sees them all) and the docs UI.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'tfbench API',
        description:
          'Benchmark, monitor and evaluate TinyFish web-agent runs. Errors always have the shape ' +
          '`{"error": {"code", "message", "details"}}`; a 400 lists every offending field in `details`. ' +
          'List endpoints return a JSON array and the total count in the `X-Total-Count` header.',
        version,
      },
      tags: [...TAGS],
    },
    transform: createJsonSchemaTransform({
      skipList: [OPENAPI_PATH, DOCS_PREFIX, `${DOCS_PREFIX}/`, `${DOCS_PREFIX}/*`],
    }),
    transformObject: (input) => pruneComponents(jsonSchemaTransformObject(input)),
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  app.get(OPENAPI_PATH, { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
}

/**
 * The zod registry holds every named schema in an input and an output variant, most of which no
 * route uses. Keep only components reachable from the paths, and drop the `$schema`/`$id`
 * keys zod puts on them (the document's dialect already says what they are).
 */
function pruneComponents<T>(document: T): T {
  const doc = document as unknown as OpenAPIV3_1.Document;
  const schemas = doc.components?.schemas;
  if (!schemas) return document;
  const reachable = new Set<string>();
  const pending: unknown[] = [doc.paths];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      pending.push(...node);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF)) {
          const name = value.slice(COMPONENT_REF.length);
          if (!reachable.has(name)) {
            reachable.add(name);
            pending.push(schemas[name]);
          }
        } else {
          pending.push(value);
        }
      }
    }
  }
  const kept = Object.fromEntries(
    Object.entries(schemas)
      .filter(([name]) => reachable.has(name))
      .map(([name, schema]) => {
        const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
        return [name, rest];
      }),
  );
  return { ...doc, components: { ...doc.components, schemas: kept } } as unknown as T;
}

const COMPONENT_REF = '#/components/schemas/';
