/**
 * The malformed-input corpus. For EVERY operation of the OpenAPI document (so a new route is
 * covered without touching this file) it sends wrong types, missing fields, huge and negative
 * numbers, SQL fragments, unicode/emoji/NUL, deeply nested junk, arrays where objects belong,
 * 2 MiB bodies, wrong content types, bad JSON and bad path ids, and asserts:
 *   - no answer is a 5xx;
 *   - every 4xx is the error envelope, and every 400 names at least one field;
 *   - a rejected request stored nothing (fingerprint of every table unchanged);
 *   - an accepted one stored strings verbatim (SQL fragments are data, not SQL).
 */
import { loadConfig } from '@tfbench/core/config';
import type { DatabaseHandle } from '@tfbench/core/db';
import { describeEachDatabase, resetDatabase } from '@tfbench/core/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { seedReadmeExamples, storedFingerprint, useApp } from './helpers.js';

/**
 * The corpus re-seeds (and so triggers runs) for every operation, far more often than the
 * per-client trigger limit allows; that limit has its own suite (rate-limits.test.ts).
 */
const CORPUS_CONFIG = loadConfig({
  TINYFISH_MOCK_MODE: 'true',
  LOG_LEVEL: 'silent',
  TFBENCH_AUTH: 'off',
  TFBENCH_RATE_LIMIT_TRIGGERS_PER_MIN: '0',
});

type Json = Record<string, unknown>;

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Template such as /api/v1/automations/{id}. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** Resolved JSON Schema of the body, when the operation takes one. */
  body: Json | undefined;
}

interface Case {
  name: string;
  request: InjectOptions;
  /** A body property set to a string: on success it must come back verbatim. */
  echo?: { property: string; value: string };
}

const SQL_FRAGMENTS = ["' OR 1=1--", ';DROP TABLE runs', "1; DELETE FROM automations WHERE '1'='1"];

const BAD_PATH_IDS = [
  '-1',
  '0',
  '1.5',
  'abc',
  '99999999999',
  '1e308',
  '9223372036854775808',
  '0x10',
  ' 1',
  '🐟',
  ...SQL_FRAGMENTS,
].map(encodeURIComponent);

const BAD_QUERY_VALUES = [
  '-1',
  '0',
  '1.5',
  '1e308',
  '9223372036854775808',
  'abc',
  '',
  'true',
  '🐟🐟🐟',
  '\u0000',
  '2024-99-99T99:99:99Z',
  'x'.repeat(5000),
  ...SQL_FRAGMENTS,
];

/** A JSON text nested `depth` levels deep (built as text: JSON.stringify would overflow the stack). */
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Values for any one body property, most of them wrong for any schema. Raw JSON texts. */
const BAD_BODY_VALUES: Array<{ name: string; json: string }> = [
  ...[
    null,
    true,
    0,
    -1,
    1.5,
    1e308,
    2 ** 63,
    -(2 ** 63),
    '',
    '🐟'.repeat(100),
    'a\u0000b',
    'x'.repeat(300_000),
    [],
    [1, 'two', null],
    [{ nested: [{}] }],
    {},
    { key: 'value', n: 1 },
    { 'a\u0000': 1 },
    ...SQL_FRAGMENTS,
  ].map((value) => ({ name: JSON.stringify(value).slice(0, 40), json: JSON.stringify(value) })),
  { name: 'lone surrogate', json: '"\\ud800"' },
  { name: 'NUL escape in a nested string', json: '{"k": ["ok", "\\u0000"]}' },
  { name: 'array nested 100000 deep', json: deepArray(100_000) },
  { name: 'object nested 5000 deep', json: deepObject(5_000) },
  { name: 'object nested 30 deep', json: deepObject(30) },
];

/** Whole bodies that are wrong whatever the route. */
const BAD_BODIES: Array<{ name: string; payload: string; contentType?: string }> = [
  { name: 'JSON array', payload: '[]' },
  { name: 'array of objects', payload: '[{"name": "x"}]' },
  { name: 'JSON string', payload: '"name"' },
  { name: 'JSON null', payload: 'null' },
  { name: 'JSON number', payload: '1e308' },
  { name: 'empty object', payload: '{}' },
  { name: 'unknown keys only', payload: '{"zzz": 1, "id": 5, "created_at": "now"}' },
  { name: 'deep junk', payload: deepArray(200_000) },
  { name: 'deep object junk', payload: deepObject(10_000) },
  { name: 'unparseable JSON', payload: '{"name": ' },
  { name: 'single quotes', payload: "{'name': 'x'}" },
  { name: 'trailing garbage', payload: '{} {}' },
  { name: 'empty body', payload: '' },
  { name: 'NUL byte', payload: '\u0000' },
  { name: 'prototype pollution', payload: '{"__proto__": {"admin": true}, "name": "x"}' },
  { name: 'constructor pollution', payload: '{"constructor": {"prototype": {"admin": true}}}' },
  { name: '2 MiB body', payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) },
  { name: 'text/plain', payload: '{"name": "x"}', contentType: 'text/plain' },
  { name: 'form body', payload: 'name=x&automation_id=1', contentType: 'application/x-www-form-urlencoded' },
  { name: 'xml body', payload: '<name>x</name>', contentType: 'application/xml' },
  { name: 'no content type', payload: '{"name": "x"}', contentType: '' },
];

/** The operations of the document, with $refs of bodies resolved. */
function operationsOf(document: Json): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const [method, operation] of Object.entries(item)) {
      const parameters = (operation.parameters as Json[] | undefined) ?? [];
      const content = (operation.requestBody as Json | undefined)?.content as
        | Record<string, Json>
        | undefined;
      const bodySchema = content?.['application/json']?.schema as Json | undefined;
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => String(p.name)),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => String(p.name)),
        body: bodySchema ? resolve(document, bodySchema) : undefined,
      });
    }
  }
  return operations;
}

function resolve(document: Json, schema: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  let current: unknown = document;
  for (const segment of ref.slice(2).split('/')) current = (current as Json)[segment];
  return current as Json;
}

/**
 * A valid value for a schema: enough for a body that passes validation, so one mutation at a
 * time is what the route sees. Ids are 1: the seeded automation, scenario and run.
 */
function validValue(document: Json, raw: Json): unknown {
  const schema = resolve(document, raw);
  if (Array.isArray(schema.anyOf)) {
    const option = (schema.anyOf as Json[]).find((s) => s.type !== 'null') ?? {};
    return validValue(document, option);
  }
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return 'corpus';
    case 'integer':
    case 'number':
      return Math.max(1, Number(schema.minimum ?? 1));
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object': {
      const properties = (schema.properties as Record<string, Json> | undefined) ?? {};
      const required = (schema.required as string[] | undefined) ?? [];
      return Object.fromEntries(required.map((key) => [key, validValue(document, properties[key] ?? {})]));
    }
    default:
      return null;
  }
}

function urlOf(operation: Operation, pathValue = '1', query = ''): string {
  let url = operation.path;
  for (const name of operation.pathParams) url = url.replace(`{${name}}`, pathValue);
  return query ? `${url}?${query}` : url;
}

function jsonRequest(operation: Operation, payload: string, url = urlOf(operation)): InjectOptions {
  return { method: operation.method, url, headers: { 'content-type': 'application/json' }, payload };
}

/** Every malformed request for one operation. */
function casesFor(document: Json, operation: Operation): Case[] {
  const cases: Case[] = [];
  const validBody = operation.body ? JSON.stringify(validValue(document, operation.body)) : undefined;
  const withBody = (url: string): InjectOptions =>
    validBody === undefined ? { method: operation.method, url } : jsonRequest(operation, validBody, url);

  // Unknown query parameters are ignored, whatever they hold.
  cases.push({
    name: 'unknown query parameter',
    request: withBody(urlOf(operation, '1', `zzz=${encodeURIComponent(SQL_FRAGMENTS[0] ?? '')}&%00=%00`)),
  });
  if (operation.pathParams.length > 0) {
    for (const id of BAD_PATH_IDS) {
      cases.push({ name: `path id ${decodeURIComponent(id)}`, request: withBody(urlOf(operation, id)) });
    }
  }
  for (const param of operation.queryParams) {
    for (const value of BAD_QUERY_VALUES) {
      const query = `${param}=${encodeURIComponent(value)}`;
      cases.push({
        name: `query ${param}=${value.slice(0, 30)}`,
        request: withBody(urlOf(operation, '1', query)),
      });
    }
    cases.push({
      name: `query ${param} twice`,
      request: withBody(urlOf(operation, '1', `${param}=1&${param}=2`)),
    });
  }
  if (operation.body && validBody !== undefined) {
    const properties = Object.keys((operation.body.properties as Json | undefined) ?? {});
    const required = (operation.body.required as string[] | undefined) ?? [];
    const base = JSON.parse(validBody) as Json;
    for (const property of properties) {
      for (const bad of BAD_BODY_VALUES) {
        const payload = JSON.stringify({ ...base, [property]: '\u0001PLACEHOLDER' }).replace(
          '"\\u0001PLACEHOLDER"',
          bad.json,
        );
        const value = JSON.parse(bad.json.length < 400_000 && !bad.name.includes('deep') ? bad.json : 'null');
        cases.push({
          name: `body.${property} = ${bad.name}`,
          request: jsonRequest(operation, payload),
          ...(typeof value === 'string' ? { echo: { property, value } } : {}),
        });
      }
    }
    for (const property of required) {
      const { [property]: _removed, ...rest } = base;
      cases.push({ name: `body without ${property}`, request: jsonRequest(operation, JSON.stringify(rest)) });
    }
    cases.push({
      name: 'body with an unknown field',
      request: jsonRequest(operation, JSON.stringify({ ...base, is_admin: true })),
    });
    for (const bad of BAD_BODIES) {
      const headers: Record<string, string> =
        bad.contentType === '' ? {} : { 'content-type': bad.contentType ?? 'application/json' };
      cases.push({
        name: `body ${bad.name}`,
        request: { method: operation.method, url: urlOf(operation), headers, payload: bad.payload },
      });
    }
  }
  return cases;
}

/** What is wrong with one answer, or null. */
function judge(testCase: Case, status: number, body: string, stored: { before: unknown; after: unknown }) {
  if (status >= 500) return `answered ${status}: ${body.slice(0, 200)}`;
  if (status >= 400) {
    let parsed: { error?: { code?: unknown; message?: unknown; details?: unknown } };
    try {
      parsed = JSON.parse(body);
    } catch {
      return `answered ${status} without a JSON body`;
    }
    const error = parsed.error;
    if (
      !error ||
      Object.keys(parsed).length !== 1 ||
      typeof error.code !== 'string' ||
      typeof error.message !== 'string' ||
      !('details' in error)
    ) {
      return `answered ${status} outside the envelope: ${body.slice(0, 200)}`;
    }
    if (status === 400) {
      const details = error.details;
      const named =
        Array.isArray(details) &&
        details.length > 0 &&
        details.every(
          (d) => typeof d?.field === 'string' && d.field.length > 0 && typeof d.message === 'string',
        );
      if (!named) return `400 without field names: ${body.slice(0, 200)}`;
    }
    if (JSON.stringify(stored.before) !== JSON.stringify(stored.after)) {
      return `answered ${status} but changed what is stored`;
    }
    return null;
  }
  if (testCase.echo && (testCase.request.method === 'POST' || testCase.request.method === 'PUT')) {
    const stored = (JSON.parse(body) as Json)[testCase.echo.property];
    if (stored !== testCase.echo.value)
      return `stored ${testCase.echo.property} differently from what was sent`;
  }
  return null;
}

async function reseed(app: FastifyInstance, db: DatabaseHandle): Promise<void> {
  await resetDatabase(db);
  await seedReadmeExamples(app);
}

describeEachDatabase('malformed-input corpus', (getDb) => {
  const app = useApp(getDb, CORPUS_CONFIG);

  it('never answers 5xx, always answers in the envelope, and stores nothing it rejects', async () => {
    const document = (await app().inject({ method: 'GET', url: '/openapi.json' })).json() as Json;
    const operations = operationsOf(document);
    // The corpus must reach every operation, including the ones with bodies and path ids.
    expect(operations.length).toBeGreaterThanOrEqual(15);
    await reseed(app(), getDb());

    const failures: string[] = [];
    let sent = 0;
    for (const operation of operations) {
      for (const testCase of casesFor(document, operation)) {
        const before = await storedFingerprint(getDb());
        const response = await app().inject(testCase.request);
        sent += 1;
        const after = await storedFingerprint(getDb());
        const problem = judge(testCase, response.statusCode, response.body, { before, after });
        if (problem) failures.push(`${operation.method} ${operation.path} [${testCase.name}]: ${problem}`);
        if (response.statusCode < 300 && operation.method !== 'GET') await reseed(app(), getDb());
      }
    }
    expect(failures).toEqual([]);
    // Sanity: the corpus is as big as intended (about a thousand requests).
    expect(sent).toBeGreaterThan(800);
  }, 600_000);
});
