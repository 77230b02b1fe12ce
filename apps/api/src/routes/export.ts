/**
 * Streamed documents: GET /api/v1/runs/export (CSV, JSON or NDJSON of the runs matching the
 * list's filters) and GET /api/v1/benchmarks/{id}/report (JSON). Both are produced page by
 * page as the client reads, in constant memory; parameters are checked (400/404) before the
 * first byte is sent. The report's HTML form (`?format=html`) is one self-contained page,
 * rendered whole: its runs are reduced to a few numbers each first.
 */
import { Readable } from 'node:stream';
import * as wire from '@tfbench/contract';
import {
  benchmarkReportJson,
  exportRuns,
  getBenchmarkReport,
  getBenchmarkReportHtml,
} from '@tfbench/core/reporting';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../deps.js';
import { boundedReadDeps } from '../http/bounded-reads.js';
import { routeDeclarer } from './declare.js';

const streamed = (description: string) => z.string().meta({ description });

const reportQuery = z.object({
  format: z.enum(['json', 'html']).default('json').meta({
    description:
      'json (default): the streamed document below. html: one self-contained page (inline CSS and SVG charts, no script, nothing fetched) with the histogram, latency and throughput over time, the summary with intervals, thresholds, errors, settings and environment.',
  }),
});

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
      querystring: wire.exportQuery,
      response: { 200: streamed('The document, as an attachment.'), ...wire.boundedReadErrors },
    }),
    async (request, reply) =>
      sendAttachment(
        reply.header('cache-control', 'no-store'),
        await exportRuns(boundedReads, request.query),
      ),
  );

  const route = routeDeclarer('benchmarks');
  app.get(
    '/benchmarks/:id/report',
    route('viewer', {
      summary: 'A benchmark report',
      description:
        "JSON: report_version, generated_at, the benchmark (settings, status, timestamps, counts), its scenario, the summary, the threshold results, and every run's metrics (warm-ups flagged) in id order. Streamed. With format=html, the same report as one self-contained HTML page to download or share.",
      params: wire.idParams,
      querystring: reportQuery,
      response: {
        200: streamed('The report (application/json, or text/html with format=html).'),
        ...wire.readErrors,
      },
    }),
    async (request, reply) => {
      const { id } = request.params;
      if (request.query.format === 'html') {
        const page = await getBenchmarkReportHtml(services, id, {
          tfbench_version: deps.config.version,
          mode: deps.config.tinyfish.mockMode ? 'mock' : 'live',
          database: deps.db.kind,
        });
        return sendAttachment(reply.header('cache-control', 'no-store'), {
          contentType: 'text/html; charset=utf-8',
          fileName: `tfbench-benchmark-${id}.html`,
          chunks: [page],
        });
      }
      return sendAttachment(reply, {
        contentType: 'application/json; charset=utf-8',
        fileName: `benchmark-${id}-report.json`,
        chunks: benchmarkReportJson(await getBenchmarkReport(services, id)),
      });
    },
  );
};
