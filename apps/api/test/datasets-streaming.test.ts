/**
 * Dataset files streamed over a real socket, on PGlite and PostgreSQL: the server parses the
 * body as it arrives, so a file whose bad line is early is answered (400 naming the line) while
 * the client is still sending it, a file past the size limit without a declared length is
 * refused with 413 once it passes it, and a file sent in tiny chunks (UTF-8 characters and CRLF
 * cut apart) is stored whole. Nothing is stored for a bad file.
 */
import { request as httpRequest } from 'node:http';
import { DATASET_LIMITS } from '@tfbench/core/datasets';
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import { expectErrorEnvelope, useListeningApp } from './helpers.js';

const BOUNDARY = '----tfbench-stream-boundary';
const GOOD_LINE = `{"prompt":"${'x'.repeat(100)}"}\n`;

interface Answer {
  statusCode: number;
  body: string;
  /** Whether the client had finished sending the body when the answer came. */
  sentWhole: boolean;
}

/**
 * POST `chunks` (chunked transfer, no declared length). With `keepOpen`, the body is never
 * ended: only a server that parses as it reads can answer.
 */
function post(url: string, contentType: string, chunks: Iterable<string | Buffer>, keepOpen = false) {
  return new Promise<Answer>((resolve, reject) => {
    let sentWhole = false;
    const headers = { 'content-type': contentType };
    // A connection of its own: one left mid-upload must not be handed to the next request.
    const req = httpRequest(url, { method: 'POST', headers, agent: false }, (res) => {
      const body: Buffer[] = [];
      res.on('data', (chunk: Buffer) => body.push(chunk));
      res.on('end', () => {
        resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(body).toString(), sentWhole });
        req.destroy();
      });
    });
    // The server may answer and close mid-upload: that is the point, not a failure.
    req.on('error', reject);
    (async () => {
      for (const chunk of chunks) {
        if (req.destroyed) return;
        if (!req.write(chunk)) await new Promise((done) => req.once('drain', done));
      }
      if (keepOpen) return;
      sentWhole = true;
      req.end();
    })().catch(() => undefined);
  });
}

/** A JSONL file: good lines, a bad line at `badLine`, then good lines up to about `bytes`. */
function* jsonlWithBadLine(badLine: number, bytes: number): Generator<string> {
  const lines = Math.ceil(bytes / GOOD_LINE.length);
  let chunk = '';
  for (let line = 1; line <= lines; line++) {
    chunk += line === badLine ? '{"prompt": oops}\n' : GOOD_LINE;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function* formAround(fileChunks: Iterable<string>, filename: string, end = true): Generator<string> {
  yield `--${BOUNDARY}\r\nContent-Disposition: form-data; name="name"\r\n\r\nstreamed\r\n`;
  yield `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n`;
  yield 'Content-Type: application/octet-stream\r\n\r\n';
  yield* fileChunks;
  if (end) yield `\r\n--${BOUNDARY}--\r\n`;
}

function fileIssue(answer: Answer): { field: string; message: string } | undefined {
  return (expectErrorEnvelope(answer).details as Array<{ field: string; message: string }>)[0];
}

describeEachDatabase('datasets API, streamed uploads', (getDb) => {
  const { base } = useListeningApp(getDb);
  const rawUrl = () => `${base()}/api/v1/datasets/upload?name=streamed&format=jsonl`;
  const formType = `multipart/form-data; boundary=${BOUNDARY}`;

  async function count(): Promise<number> {
    const response = await fetch(`${base()}/api/v1/datasets`);
    return Number(response.headers.get('x-total-count'));
  }

  it('answers a bad early line while the body is still being sent, as the body and as a form', async () => {
    const before = await count();
    const raw = await post(rawUrl(), 'application/x-ndjson', jsonlWithBadLine(12, 2_000_000), true);
    expect(raw.statusCode, raw.body).toBe(400);
    expect(raw.sentWhole).toBe(false);
    expect(fileIssue(raw)).toEqual({
      field: 'body.file',
      message: expect.stringMatching(/^line 12: not valid JSON/),
    });

    const form = await post(
      `${base()}/api/v1/datasets`,
      formType,
      formAround(jsonlWithBadLine(12, 2_000_000), 'big.jsonl', false),
      true,
    );
    expect(form.statusCode, form.body).toBe(400);
    expect(form.sentWhole).toBe(false);
    expect(fileIssue(form)?.message).toMatch(/^line 12: not valid JSON/);
    expect(await count()).toBe(before);
  });

  it('answers a many-MB file whose bad line is early with that line, as the body and as a form', async () => {
    const before = await count();
    const bytes = DATASET_LIMITS.maxBytes - 1_000_000;
    const raw = await post(rawUrl(), 'application/x-ndjson', jsonlWithBadLine(12, bytes));
    expect(raw.statusCode, raw.body).toBe(400);
    expect(fileIssue(raw)?.message).toMatch(/^line 12: not valid JSON/);
    const form = await post(
      `${base()}/api/v1/datasets`,
      formType,
      formAround(jsonlWithBadLine(12, bytes), 'a.jsonl'),
    );
    expect(form.statusCode, form.body).toBe(400);
    expect(fileIssue(form)?.message).toMatch(/^line 12: not valid JSON/);
    expect(await count()).toBe(before);
  });

  it('refuses a body past the size limit with 413 naming the line reached, though no length was declared', async () => {
    const before = await count();
    const raw = await post(
      rawUrl(),
      'application/x-ndjson',
      jsonlWithBadLine(0, DATASET_LIMITS.maxBytes + 500_000),
    );
    expect(raw.statusCode, raw.body).toBe(413);
    expect(fileIssue(raw)).toEqual({
      field: 'body.file',
      message: expect.stringMatching(
        new RegExp(`^line \\d+: the file must be at most ${DATASET_LIMITS.maxBytes} bytes`),
      ),
    });
    const form = await post(
      `${base()}/api/v1/datasets`,
      formType,
      formAround(jsonlWithBadLine(0, DATASET_LIMITS.maxBytes + 500_000), 'a.jsonl'),
    );
    expect(form.statusCode, form.body).toBe(413);
    expect(fileIssue(form)?.field).toBe('body.file');
    expect(await count()).toBe(before);
  });

  it('stores a CSV sent a few bytes at a time: BOM, CRLF and UTF-8 characters cut apart, quoted breaks', async () => {
    const bytes = Buffer.from('\uFEFFprompt,lang\r\n"Sag ""grüß dich""\r\nzweimal",de\r\n😀,emoji', 'utf8');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) =>
      bytes.subarray(i * 3, i * 3 + 3),
    );
    const answer = await post(`${base()}/api/v1/datasets/upload?name=csv&format=csv`, 'text/csv', chunks);
    expect(answer.statusCode, answer.body).toBe(201);
    const id = JSON.parse(answer.body).id;
    const rows = (await (await fetch(`${base()}/api/v1/datasets/${id}/rows`)).json()) as Array<{
      data: unknown;
    }>;
    expect(rows.map((row) => row.data)).toEqual([
      { prompt: 'Sag "grüß dich"\r\nzweimal', lang: 'de' },
      { prompt: '😀', lang: 'emoji' },
    ]);
    const bad = await post(`${base()}/api/v1/datasets/upload?name=csv&format=csv`, 'text/csv', [
      'a,b\r\n"multi\r\nline",1\r\n',
      '2\r\n',
    ]);
    expect(fileIssue(bad)?.message).toBe('line 4: 1 fields where the header has 2');
  });
});
