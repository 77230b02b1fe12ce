/**
 * /api/v1/datasets: create from JSON (rows or synthetic) or from a multipart form's file, upload a
 * file (JSONL, CSV, ShareGPT JSON) as the request body, list, read, page through rows, delete.
 * Each handler is one core call.
 */
import multipart from '@fastify/multipart';
import * as wire from '@tfbench/contract';
import {
  createDataset,
  deleteDataset,
  getDataset,
  listDatasetRows,
  listDatasets,
  uploadDataset,
} from '@tfbench/core/datasets';
import { z } from 'zod';
import { readMultipartDataset } from '../http/multipart-dataset.js';
import { crudRoutes } from './crud.js';
import { routePlugin } from './declare.js';
import { sendPage, TOTAL_COUNT_HEADER } from './pagination.js';

/** Content types an uploaded file may come as; each is read as text, up to DATASET_LIMITS.maxBytes. */
const FILE_CONTENT_TYPES = [
  'text/csv',
  'text/plain',
  'application/x-ndjson',
  'application/jsonl',
  'application/octet-stream',
];

export const datasetRoutes = routePlugin('datasets', async (app, { route, services }) => {
  // Scoped to this plugin: only the upload route takes these types, as text.
  app.addContentTypeParser(
    FILE_CONTENT_TYPES,
    { parseAs: 'string', bodyLimit: wire.DATASET_LIMITS.maxBytes },
    (_request, body, done) => done(null, body),
  );
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
        description: `As JSON: give \`rows\` (JSON objects) or \`synthetic\`; a bad row answers 400 naming it (rows.3). As multipart/form-data: fields \`name\`, \`format\` (jsonl, csv or sharegpt; inferred from the file name's .jsonl, .ndjson, .csv or .json when left out) and \`file\` (at most ${wire.DATASET_LIMITS.maxBytes} bytes); a file that does not parse answers 400 on "file" naming the line, and nothing is stored. The body can also be the file itself: POST /api/v1/datasets/upload.`,
        tags: ['datasets'],
        body: wire.datasetCreate,
        response: { 201: wire.dataset.meta({ description: 'Created.' }), ...wire.writeErrors },
      },
      // A form is answered here, before the JSON body schema would judge it.
      preValidation: async (request, reply) => {
        if (!request.isMultipart()) return;
        const form = await readMultipartDataset(request);
        return reply.code(201).send(await uploadDataset(services, form));
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
        description: `The body is the file, sent as ${FILE_CONTENT_TYPES.join(', ')} (at most ${wire.DATASET_LIMITS.maxBytes} bytes, ${wire.DATASET_LIMITS.maxRows} rows); ?name= and ?format= describe it. A file that does not parse answers 400 on "file" naming the line (or ShareGPT item) and the reason, and nothing is stored.`,
        tags: ['datasets'],
        querystring: wire.datasetUploadQuery,
        body: z.string().meta({ description: 'The file.' }),
        response: { 201: wire.dataset.meta({ description: 'Created.' }), ...wire.writeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await uploadDataset(services, {
          name: request.query.name,
          format: request.query.format,
          text: request.body,
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
