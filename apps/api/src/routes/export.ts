/**
 * Streamed documents: GET /api/v1/runs/export (CSV, JSON or NDJSON of the runs matching the
 * list's filters) and GET /api/v1/benchmarks/{id}/report (JSON). Both are produced page by
 * page as the client reads, in constant memory; parameters are checked (400/404) before the
 * first byte is sent.
 */
import { Readable } from 'node:stream';
import { boundedReadErrors, exportQuery, idParams, readErrors } from '@tfbench/contract';
import { benchmarkReportJson, exportRuns, getBenchmarkReport } from '@tfbench/core/reporting';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../deps.js';
import { boundedReadDeps } from '../http/bounded-reads.js';
import { routeDeclarer } from './declare.js';

const streamed = (description: string) => z.string().meta({ description });

/**
 * Sends `chunks` as a downloaded file. Fastify pipes the stream to the socket as it is (no
 * serializer runs, backpressure holds); the response schema documents the text, so the stream
 * is passed where a string is typed.
 */
function sendAttachment(
  reply: FastifyReply,
  file: { contentType: string; fileName: string; chunks: AsyncIterable<string> | Iterable<string> },
) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .send(Readable.from(file.chunks, { objectMode: false }) as unknown as string);
}

export const exportRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const services = { db: deps.db };
  const boundedReads = boundedReadDeps(deps.db);

  app.get(
    '/runs/export',
    routeDeclarer('runs')('viewer', {
      summary: 'Export runs',
      description:
        'Every run matching the filters of the run list, newest first, as CSV (RFC 4180; one column per run field; JSON fields as JSON text; ISO-8601 UTC timestamps), a JSON array, or NDJSON. Streamed: a million rows take constant memory.',
      querystring: exportQuery,
      response: { 200: streamed('The document, as an attachment.'), ...boundedReadErrors },
    }),
    async (request, reply) =>
      sendAttachment(
        reply.header('cache-control', 'no-store'),
        await exportRuns(boundedReads, request.query),
      ),
  );

  app.get(
    '/benchmarks/:id/report',
    routeDeclarer('benchmarks')('viewer', {
      summary: 'A benchmark report',
      description:
        "JSON: report_version, generated_at, the benchmark (settings, status, timestamps, counts), its scenario, the summary, the threshold results, and every run's metrics (warm-ups flagged) in id order. Streamed.",
      params: idParams,
      response: { 200: streamed('The report (application/json).'), ...readErrors },
    }),
    async (request, reply) =>
      sendAttachment(reply, {
        contentType: 'application/json; charset=utf-8',
        fileName: `benchmark-${request.params.id}-report.json`,
        chunks: benchmarkReportJson(await getBenchmarkReport(services, request.params.id)),
      }),
  );
};
