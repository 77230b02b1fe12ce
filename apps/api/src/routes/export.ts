/**
 * Streamed documents: GET /api/v1/runs/export (CSV, JSON or NDJSON of the runs matching the
 * list's filters) and GET /api/v1/benchmarks/{id}/report (JSON). Both are produced page by
 * page as the client reads, in constant memory; parameters are checked (400/404) before the
 * first byte is sent.
 */
import { Readable } from 'node:stream';
import { benchmarkReportJson, exportRuns, getBenchmarkReport } from '@tfbench/core/insights';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../deps.js';
import { boundedReadDeps } from '../http/bounded-reads.js';
import { exportQuery } from '../schemas/analytics.js';
import { idParams } from '../schemas/common.js';
import { boundedReadErrors, readErrors } from '../schemas/responses.js';

const streamed = (description: string) => z.string().meta({ description });

/**
 * Fastify pipes a stream to the socket as it is (no serializer runs, backpressure holds); the
 * response schema above documents the text, so the stream is passed where a string is typed.
 */
function asBody(stream: Readable): string {
  return stream as unknown as string;
}

export const exportRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const services = { db: deps.db };
  const boundedReads = boundedReadDeps(deps.db);

  app.get(
    '/runs/export',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Export runs',
        description:
          'Every run matching the filters of the run list, newest first, as CSV (RFC 4180; one column per run field; JSON fields as JSON text; ISO-8601 UTC timestamps), a JSON array, or NDJSON. Streamed: a million rows take constant memory.',
        tags: ['runs'],
        querystring: exportQuery,
        response: { 200: streamed('The document, as an attachment.'), ...boundedReadErrors },
      },
    },
    async (request, reply) => {
      const exported = await exportRuns(boundedReads, request.query);
      return reply
        .header('content-type', exported.contentType)
        .header('content-disposition', `attachment; filename="${exported.fileName}"`)
        .header('cache-control', 'no-store')
        .send(asBody(Readable.from(exported.chunks, { objectMode: false })));
    },
  );

  app.get(
    '/benchmarks/:id/report',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'A benchmark report',
        description:
          "JSON: report_version, generated_at, the benchmark (settings, status, timestamps, counts), its scenario, the summary, the threshold results, and every run's metrics (warm-ups flagged) in id order. Streamed.",
        tags: ['benchmarks'],
        params: idParams,
        response: { 200: streamed('The report (application/json).'), ...readErrors },
      },
    },
    async (request, reply) => {
      const report = await getBenchmarkReport(services, request.params.id);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="benchmark-${request.params.id}-report.json"`)
        .send(asBody(Readable.from(benchmarkReportJson(report), { objectMode: false })));
    },
  );
};
