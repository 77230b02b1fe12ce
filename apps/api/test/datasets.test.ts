/**
 * /api/v1/datasets end to end through the app, on PGlite and PostgreSQL: JSON rows, uploaded
 * JSONL / CSV / ShareGPT files, synthetic rows; and hostile inputs, each a 400 (or 413) that
 * names the field or the line, with nothing stored.
 */
import { DATASET_LIMITS } from '@tfbench/core/datasets';
import { describeEachDatabase } from '@tfbench/core/testing';
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { DATASETS as BASE, datasetCount, postRaw, rowData } from './dataset-requests.js';
import { expectErrorEnvelope, fieldsOf, postJson, useApp } from './helpers.js';

function upload(app: FastifyInstance, format: string, body: string, contentType = 'text/plain') {
  return postRaw(app, `${BASE}/upload?name=${format}-file&format=${format}`, contentType, body);
}

describeEachDatabase('datasets API', (getDb) => {
  const app = useApp(getDb);

  const count = () => datasetCount(app());

  /** Uploads a file that must be stored: 201, and the dataset it became. */
  async function uploaded(format: string, body: string, contentType: string) {
    const response = await upload(app(), format, body, contentType);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it('creates from JSON rows, reads it back with its fields, pages rows, deletes', async () => {
    const created = await postJson(app(), BASE, {
      name: 'prompts',
      rows: [{ prompt: 'a', lang: 'en' }, { prompt: 'b' }, { prompt: 'c', n: 3 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const dataset = created.json();
    expect(dataset).toMatchObject({
      name: 'prompts',
      source: 'json',
      row_count: 3,
      fields: ['prompt', 'lang', 'n'],
    });
    expect((await app().inject({ method: 'GET', url: `${BASE}/${dataset.id}` })).json()).toEqual(dataset);
    const rows = await app().inject({ method: 'GET', url: `${BASE}/${dataset.id}/rows?skip=1&limit=5` });
    expect(rows.headers['x-total-count']).toBe('3');
    expect(rows.json()).toEqual([
      { index: 1, data: { prompt: 'b' } },
      { index: 2, data: { prompt: 'c', n: 3 } },
    ]);
    expect((await app().inject({ method: 'DELETE', url: `${BASE}/${dataset.id}` })).statusCode).toBe(204);
    expect((await app().inject({ method: 'GET', url: `${BASE}/${dataset.id}` })).statusCode).toBe(404);
    expect((await app().inject({ method: 'GET', url: `${BASE}/${dataset.id}/rows` })).statusCode).toBe(404);
  });

  it('uploads JSONL, CSV (RFC 4180 quoting) and ShareGPT files', async () => {
    const jsonl = await uploaded(
      'jsonl',
      '{"url":"https://a.example","goal":"x"}\n\n{"url":"https://b.example","goal":"y"}\n',
      'application/x-ndjson',
    );
    expect(jsonl).toMatchObject({ source: 'jsonl', row_count: 2, fields: ['url', 'goal'] });

    const csv = await uploaded(
      'csv',
      'prompt,lang\r\n"Say ""hi"", twice",en\n"multi\nline",fr\n',
      'text/csv',
    );
    expect(await rowData(app(), csv.id)).toEqual([
      { prompt: 'Say "hi", twice', lang: 'en' },
      { prompt: 'multi\nline', lang: 'fr' },
    ]);

    const sharegpt = await uploaded(
      'sharegpt',
      JSON.stringify([
        {
          id: 'c1',
          conversations: [
            { from: 'system', value: 's' },
            { from: 'human', value: 'Q1' },
            { from: 'gpt', value: 'A1' },
          ],
        },
        { conversations: [{ from: 'human', value: 'Q2' }] },
      ]),
      'application/octet-stream',
    );
    expect(await rowData(app(), sharegpt.id)).toEqual([
      { prompt: 'Q1', response: 'A1', id: 'c1' },
      { prompt: 'Q2' },
    ]);
  });

  it('generates synthetic rows from a seed, about 0.75 words per token', async () => {
    const body = {
      name: 'syn',
      synthetic: { rows: 200, prompt_tokens: { mean: 400, sd: 40 }, output_tokens: 64, seed: 7 },
    };
    const a = await postJson(app(), BASE, body);
    const b = await postJson(app(), BASE, body);
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({
      source: 'synthetic',
      row_count: 200,
      fields: ['prompt', 'prompt_tokens', 'max_tokens'],
    });
    const rowsOf = (id: number) =>
      rowData<{ prompt: string; prompt_tokens: number; max_tokens: number }>(app(), id, 1000);
    const rowsA = await rowsOf(a.json().id);
    expect(rowsA).toEqual(await rowsOf(b.json().id));
    const tokens = rowsA.map((row) => row.prompt_tokens);
    const mean = tokens.reduce((sum, value) => sum + value, 0) / tokens.length;
    // sd 40 over 200 rows: the mean's standard error is ~2.8.
    expect(Math.abs(mean - 400)).toBeLessThan(15);
    for (const row of rowsA) {
      expect(row.max_tokens).toBe(64);
      expect(row.prompt.split(' ')).toHaveLength(Math.round(row.prompt_tokens * 0.75));
    }
  });

  it('refuses bad files naming the line and the reason, storing nothing', async () => {
    const before = await count();
    const cases: Array<[string, string, RegExp]> = [
      ['jsonl', '{"a":1}\n{"a":2}\n{"a":\n', /^line 3: not valid JSON/],
      ['jsonl', '{"a":1}\n[1,2]\n', /^line 2: must be a JSON object/],
      ['jsonl', '{"a":1}\n"text"\n', /^line 2: must be a JSON object/],
      ['csv', 'a,b\n1,2\n"3,4\n', /^line 3: a quoted field is never closed/],
      ['csv', 'a,b\n1,2\n"3"x,4\n', /^line 3: unexpected "x" after a closing quote/],
      ['csv', 'a,b\n1,2\n3\n', /^line 3: 1 fields where the header has 2/],
      ['csv', 'a,b\n1,x"y"\n', /^line 2: a quote inside an unquoted field/],
      ['csv', 'a,a\n1,2\n', /^line 1: the header names "a" twice/],
      ['csv', '', /^line 1: the file is empty/],
      [
        'sharegpt',
        '[{"conversations": [{"from": "human", "value": "q"}]},\n {"conversations": 5}]',
        /^item 1: must be an object/,
      ],
      ['sharegpt', '[\n{"conversations": [\n}', /^line 3: not valid JSON/],
      ['sharegpt', '{"conversations": []}', /^line 1: a ShareGPT file is a JSON array/],
    ];
    for (const [format, body, message] of cases) {
      const response = await upload(app(), format, body);
      expect(response.statusCode, `${format} ${body}`).toBe(400);
      const details = expectErrorEnvelope(response).details as Array<{ field: string; message: string }>;
      expect(details[0]?.field).toBe('body.file');
      expect(details[0]?.message, `${format} ${body}`).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it('refuses wrong types and bad fields with 400 naming them, and a huge file with 413', async () => {
    const before = await count();
    const cases: Array<[object, string]> = [
      [{ name: 'x', rows: [{ a: 1 }, 'text', { b: 2 }] }, 'rows.1'],
      [{ name: 'x', rows: [] }, 'rows'],
      [{ name: 'x' }, 'rows'],
      [{ name: '', rows: [{ a: 1 }] }, 'name'],
      [{ name: 'x', rows: 'abc' }, 'rows'],
      [
        { name: 'x', synthetic: { rows: 0, prompt_tokens: { mean: 10 }, output_tokens: 1 } },
        'synthetic.rows',
      ],
      [
        { name: 'x', synthetic: { rows: 1, prompt_tokens: { mean: -1 }, output_tokens: 1 } },
        'synthetic.prompt_tokens.mean',
      ],
      [
        { name: 'x', rows: [{ a: 1 }], synthetic: { rows: 1, prompt_tokens: { mean: 1 }, output_tokens: 1 } },
        'rows',
      ],
    ];
    for (const [body, field] of cases) {
      const response = await postJson(app(), BASE, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(
        fieldsOf(expectErrorEnvelope(response).details).map((f) =>
          f.replace(/^(body|querystring)\./, '').replace(/\[(\d+)\]/g, '.$1'),
        ),
      ).toContain(field);
    }
    const badFormat = await app().inject({
      method: 'POST',
      url: `${BASE}/upload?name=x&format=xml`,
      headers: { 'content-type': 'text/plain' },
      payload: 'a',
    });
    expect(badFormat.statusCode).toBe(400);
    expect(fieldsOf(expectErrorEnvelope(badFormat).details).join()).toMatch(/format/);
    const huge = await upload(app(), 'jsonl', `${'{"a":"'}${'x'.repeat(DATASET_LIMITS.maxBytes)}"}\n`);
    expect(huge.statusCode).toBe(413);
    expectErrorEnvelope(huge);
    const unknown = await app().inject({ method: 'DELETE', url: `${BASE}/999999` });
    expect(unknown.statusCode).toBe(404);
    expect(await count()).toBe(before);
  });
});
