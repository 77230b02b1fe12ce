/**
 * /api/v1/datasets: create from JSON (rows or synthetic) or from a multipart form's file, upload a
 * file (JSONL, CSV, ShareGPT JSON) as the request body, list, read, page through rows, delete.
 * Each handler is one core call.
 */
import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import * as wire from '@tfbench/contract';
import {
  createDataset,
  deleteDataset,
  fileTooLarge,
  getDataset,
  listDatasetRows,
  listDatasets,
  storeDatasetFile,
  uploadDataset,
} from '@tfbench/core/datasets';
import { z } from 'zod';
import { readMultipartDataset } from '../http/multipart-dataset.js';
import { crudRoutes } from './crud.js';
import { routePlugin } from './declare.js';
import { sendPage, TOTAL_COUNT_HEADER } from './pagination.js';

/** Content types an uploaded file may come as; each is parsed as it arrives, up to DATASET_LIMITS.maxBytes. */
const FILE_CONTENT_TYPES = [
  'text/csv',
  'text/plain',
  'application/x-ndjson',
  'application/jsonl',
  'application/octet-stream',
];

export const datasetRoutes = routePlugin('datasets', async (app, { route, services }) => {
  // Scoped to this plugin: only the upload route takes these types. The body stays a stream for
  // core to parse as it arrives; a declared length past the limit is refused before reading.
  app.addContentTypeParser(FILE_CONTENT_TYPES, (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (declared > wire.DATASET_LIMITS.maxBytes) done(fileTooLarge(null, wire.DATASET_LIMITS.maxBytes));
    else done(null, payload);
  });
  // A file refused before its end leaves the rest of the body unread: discard it as it comes, as
  // Node does for bodies nobody reads, so the connection stays usable and the client, still
  // sending, receives the answer instead of a reset.
  app.addHook('onError', async (request) => {
    if (!request.raw.complete) request.raw.resume();
  });
  // Scoped too: multipart/form-data reaches only POST '' below, which reads the parts itself.
  await app.register(multipart);

  const datasets = crudRoutes(app, 'datasets', wire.dataset);
  datasets.list(
    {
      summary: 'List datasets',
      description: `Newest first. The total count is in the ${TOTAL_COUNT_HEADER} header.`,
      querystring: z.object(wire.paginationQuery),
      page: 'A page of datasets.',
    },
    (query) => listDatasets(services, query),
  );
  datasets.get({ summary: 'Get a dataset', found: 'The dataset, without its rows.' }, (id) =>
    getDataset(services, id),
  );

  app.get(
    '/:id/rows',
    route('viewer', {
      summary: "Page through a dataset's rows",
      description: `In order, from index skip. The total count is in the ${TOTAL_COUNT_HEADER} header.`,
      params: wire.idParams,
      querystring: wire.datasetRowsQuery,
      response: {
        200: z.array(wire.datasetRow).meta({ description: 'A page of rows.' }),
        ...wire.readErrors,
      },
    }),
    async (request, reply) =>
      sendPage(reply, await listDatasetRows(services, request.params.id, request.query)),
  );

  app.post(
    '',
    {
      config: { access: 'editor' },
      bodyLimit: wire.DATASET_LIMITS.maxBytes,
      schema: {
        summary: 'Create a dataset from JSON rows, a synthetic generator, or an uploaded file',
        description: `As JSON: give \`rows\` (JSON objects) or \`synthetic\`; a bad row answers 400 naming it (rows.3). As multipart/form-data: fields \`name\`, \`format\` (jsonl, csv or sharegpt; inferred from the file name's .jsonl, .ndjson, .csv or .json when left out) and \`file\` (at most ${wire.DATASET_LIMITS.maxBytes} bytes, ${wire.DATASET_LIMITS.maxRows} rows; name and format before the file). The file is parsed as it arrives: reading stops at the first line that does not parse (400 on "file" naming the line) or once the file passes the limit (413), and nothing is stored. The body can also be the file itself: POST /api/v1/datasets/upload.`,
        tags: ['datasets'],
        body: wire.datasetCreate,
        response: { 201: wire.dataset.meta({ description: 'Created.' }), ...wire.writeErrors },
      },
      // A form is answered here, before the JSON body schema would judge it.
      preValidation: async (request, reply) => {
        if (!request.isMultipart()) return;
        const form = await readMultipartDataset(request);
        return reply.code(201).send(await storeDatasetFile(services, form));
      },
    },
    async (request, reply) => reply.code(201).send(await createDataset(services, request.body)),
  );

  app.post(
    '/upload',
    {
      config: { access: 'editor' },
      bodyLimit: wire.DATASET_LIMITS.maxBytes,
      schema: {
        summary: 'Upload a dataset file (JSONL, CSV or ShareGPT JSON) as the request body',
        description: `The body is the file, sent as ${FILE_CONTENT_TYPES.join(', ')} (at most ${wire.DATASET_LIMITS.maxBytes} bytes, ${wire.DATASET_LIMITS.maxRows} rows); ?name= and ?format= describe it. JSONL and CSV are parsed line by line as the body arrives: reading stops at the first bad line (400 on "file", \`line 12: ...\`, or the ShareGPT item) or once the body passes the limit (413; at once when Content-Length says so), and nothing is stored.`,
        tags: ['datasets'],
        querystring: wire.datasetUploadQuery,
        // The body is the request stream (see the content type parser above), not a parsed value.
        body: z.any().meta({ description: 'The file.', type: 'string', format: 'binary' }),
        response: { 201: wire.dataset.meta({ description: 'Created.' }), ...wire.writeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await uploadDataset(services, {
          name: request.query.name,
          format: request.query.format,
          // Left open when parsing stops early, so the hook below can drain it.
          file: (request.body as Readable).iterator({ destroyOnReturn: false }),
        }),
      ),
  );

  datasets.remove(
    {
      summary: 'Delete a dataset and its rows',
      description:
        'Answers 409 while scenarios name it in run_settings.dataset; with ?cascade=true it is removed from them. Runs keep their dataset_row.',
    },
    (id, options) => deleteDataset(services, id, options),
  );
});
