/**
 * POST /api/v1/datasets as multipart/form-data (name, format, file), on PGlite and PostgreSQL:
 * each format stored, the format inferred from the file name, and hostile forms (no file, a huge
 * file, a bad format, a file that does not parse, a stray part, a wrong content type) answered
 * 4xx naming the field, with nothing stored.
 */
import { DATASET_LIMITS } from '@tfbench/core/datasets';
import { describeEachDatabase } from '@tfbench/core/testing';
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { DATASETS as BASE, datasetCount, postRaw, rowData } from './dataset-requests.js';
import { expectErrorEnvelope, fieldsOf, useApp } from './helpers.js';

const BOUNDARY = '----tfbench-test-boundary';
const FORM_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

type Part = { name: string; value: string; filename?: string };

/** A multipart body written by hand, so the test controls every byte a client might send. */
function form(parts: Part[]): string {
  const sections = parts.map((part) => {
    const disposition = part.filename
      ? `form-data; name="${part.name}"; filename="${part.filename}"`
      : `form-data; name="${part.name}"`;
    const type = part.filename ? '\r\nContent-Type: application/octet-stream' : '';
    return `--${BOUNDARY}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n${part.value}\r\n`;
  });
  return `${sections.join('')}--${BOUNDARY}--\r\n`;
}

/** The parts most hostile forms are built from: a name, and a small valid CSV file. */
const NAME: Part = { name: 'name', value: 'x' };
const A_CSV: Part = { name: 'file', filename: 'a.csv', value: 'a\n1\n' };

function postForm(app: FastifyInstance, parts: Part[]) {
  return postRaw(app, BASE, FORM_TYPE, form(parts));
}

describeEachDatabase('datasets API, multipart upload', (getDb) => {
  const app = useApp(getDb);

  const count = () => datasetCount(app());

  it('stores a CSV, a JSONL and a ShareGPT file, the format given or inferred from the name', async () => {
    const csv = await postForm(app(), [
      { name: 'name', value: 'prompts' },
      { name: 'file', filename: 'prompts.csv', value: 'prompt,lang\n"Say ""hi""",en\nbye,fr\n' },
    ]);
    expect(csv.statusCode, csv.body).toBe(201);
    expect(csv.json()).toMatchObject({
      name: 'prompts',
      source: 'csv',
      row_count: 2,
      fields: ['prompt', 'lang'],
    });
    expect((await rowData(app(), csv.json().id))[0]).toEqual({ prompt: 'Say "hi"', lang: 'en' });

    const jsonl = await postForm(app(), [
      {
        name: 'file',
        filename: 'pages.txt',
        value: '{"url":"https://a.example"}\n{"url":"https://b.example"}\n',
      },
      { name: 'format', value: 'jsonl' },
      { name: 'name', value: 'pages' },
    ]);
    expect(jsonl.statusCode, jsonl.body).toBe(201);
    expect(jsonl.json()).toMatchObject({ source: 'jsonl', row_count: 2 });

    const sharegpt = await postForm(app(), [
      { name: 'name', value: 'chats' },
      {
        name: 'file',
        filename: 'chats.json',
        value: JSON.stringify([
          {
            conversations: [
              { from: 'human', value: 'q' },
              { from: 'gpt', value: 'a' },
            ],
          },
        ]),
      },
    ]);
    expect(sharegpt.statusCode, sharegpt.body).toBe(201);
    expect(sharegpt.json()).toMatchObject({ source: 'sharegpt', row_count: 1 });
  });

  it('refuses hostile forms with 4xx naming the field, storing nothing', async () => {
    const before = await count();
    const cases: Array<[string, Part[], number, string, RegExp]> = [
      ['no file', [NAME], 400, 'body.file', /required/],
      [
        'a bad format',
        [NAME, { name: 'format', value: 'xml' }, A_CSV],
        400,
        'body.format',
        /one of jsonl, csv, sharegpt/,
      ],
      [
        'a name that says no format',
        [NAME, { ...A_CSV, filename: 'data.bin' }],
        400,
        'body.format',
        /is required/,
      ],
      [
        'a CSV that does not parse',
        [NAME, { ...A_CSV, value: 'a,b\n1,2\n3\n' }],
        400,
        'body.file',
        /^line 3: 1 fields where the header has 2/,
      ],
      ['no name', [A_CSV], 400, 'body.name', /./],
      [
        'a format after the file it contradicts (the file was parsed as its name says)',
        [NAME, A_CSV, { name: 'format', value: 'jsonl' }],
        400,
        'body.format',
        /must come before the file when it is not csv/,
      ],
      [
        'a file under another field',
        [NAME, { ...A_CSV, name: 'upload' }],
        400,
        'body.upload',
        /send the file as "file"/,
      ],
      ['two files', [NAME, A_CSV, { ...A_CSV, filename: 'b.csv' }], 400, 'body.file', /single file/],
      [
        'a huge file',
        [
          NAME,
          { name: 'file', filename: 'a.jsonl', value: `{"a":"${'x'.repeat(DATASET_LIMITS.maxBytes)}"}\n` },
        ],
        413,
        'body.file',
        /at most 10485760 bytes/,
      ],
    ];
    for (const [label, parts, status, field, message] of cases) {
      const response = await postForm(app(), parts);
      expect(response.statusCode, `${label}: ${response.body}`).toBe(status);
      const details = expectErrorEnvelope(response).details as Array<{ field: string; message: string }>;
      expect(fieldsOf(details), label).toContain(field);
      expect(details.find((d) => d.field === field)?.message, label).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it('refuses a body that is neither JSON nor a form with 415, a form without a boundary or cut short with 400', async () => {
    const response = await postRaw(app(), BASE, 'application/xml', '<rows/>');
    expect(response.statusCode).toBe(415);
    expect(fieldsOf(expectErrorEnvelope(response).details)).toContain('headers.content-type');
    const broken = await postRaw(app(), BASE, 'multipart/form-data', 'no boundary here');
    expect(broken.statusCode).toBe(400);
    expect(fieldsOf(expectErrorEnvelope(broken).details)).toContain('headers.content-type');
    const cut = await postRaw(
      app(),
      BASE,
      FORM_TYPE,
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b\n1,`,
    );
    expect(cut.statusCode, cut.body).toBe(400);
    expect(fieldsOf(expectErrorEnvelope(cut).details)).toContain('body');
  });
});
