/**
 * /api/v1/runs: list with filters, one run with its timeline, trigger a run, dashboard KPIs.
 * Each handler is one core call.
 */
import { getDashboardKpis, getRun, listRuns, triggerRun } from '@tfbench/core/services';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../deps.js';
import { boundedReadDeps } from '../http/bounded-reads.js';
import { DEFAULT_PAGE_SIZE, idParams } from '../schemas/common.js';
import { boundedReadErrors, readErrors, writeErrors } from '../schemas/responses.js';
import { dashboardKpis, kpiQuery, run, runDetail, runListQuery, runTrigger } from '../schemas/runs.js';
import { TOTAL_COUNT_HEADER } from './pagination.js';

export const runRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const services = { db: deps.db };
  const boundedReads = boundedReadDeps(deps.db);

  app.get(
    '',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'List runs',
        description: `Newest first, filtered. The body is an array; the total count is in the ${TOTAL_COUNT_HEADER} header.`,
        tags: ['runs'],
        querystring: runListQuery,
        response: {
          200: z.array(run).meta({ description: 'A page of runs, newest first.' }),
          ...boundedReadErrors,
        },
      },
    },
    async (request, reply) => {
      const { skip = 0, limit = DEFAULT_PAGE_SIZE, ...filters } = request.query;
      const page = await listRuns(boundedReads, { skip, limit, ...filters });
      return reply.header(TOTAL_COUNT_HEADER, page.total).send(page.items);
    },
  );

  app.get(
    '/kpis/dashboard',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Dashboard KPIs',
        description:
          'Run count, success rate, percentiles of total time and TTFT, recent runs; filters as for the list.',
        tags: ['runs'],
        querystring: kpiQuery,
        response: { 200: dashboardKpis.meta({ description: 'The KPIs.' }), ...boundedReadErrors },
      },
    },
    async (request) => getDashboardKpis(boundedReads, request.query),
  );

  app.get(
    '/:id',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Get a run with its event timeline',
        tags: ['runs'],
        params: idParams,
        response: { 200: runDetail.meta({ description: 'The run and its events.' }), ...readErrors },
      },
    },
    async (request) => getRun(services, request.params.id),
  );

  app.post(
    '/trigger',
    {
      schema: {
        summary: 'Trigger a run of a scenario',
        description:
          "Stores a pending run whose inputs are the automation's default_inputs, then the scenario's " +
          'inputs_template, then inputs_override (later wins, per key), and queues it for execution.',
        tags: ['runs'],
        body: runTrigger,
        response: {
          201: run.meta({ description: 'The pending run, with its resolved inputs.' }),
          ...writeErrors,
        },
      },
      // 503 before anything is stored while the job queue is unreachable (http/queue-admission.ts).
      config: { access: 'runner', queuesRuns: true },
    },
    async (request, reply) => {
      const created = await triggerRun(services, request.body);
      try {
        await deps.hooks?.onRunCreated?.(created);
      } catch (error) {
        // The run is stored; the engine recovers pending runs from the table, so the client
        // gets its 201 and the failure is only logged.
        request.log.error({ run_id: created.id, err: describeHookError(error) }, 'onRunCreated hook failed');
      }
      return reply.code(201).send(created);
    },
  );
};

function describeHookError(error: unknown): { type: string; message: string } {
  return error instanceof Error
    ? { type: error.name, message: error.message }
    : { type: typeof error, message: '' };
}
