/**
 * /api/v1/runs: list with filters, one run with its timeline, trigger a run, dashboard KPIs.
 * Each handler is one core call.
 */
import * as wire from '@tfbench/contract';
import { getDashboardKpis, getRun, listRuns, triggerRun } from '@tfbench/core/services';
import { z } from 'zod';
import { boundedReadDeps } from '../http/bounded-reads.js';
import { routePlugin } from './declare.js';
import { NEXT_CURSOR_HEADER, sendPage, TOTAL_COUNT_HEADER } from './pagination.js';

export const runRoutes = routePlugin('runs', (app, { route, services, deps }) => {
  const boundedReads = boundedReadDeps(deps.db);

  app.get(
    '',
    route('viewer', {
      summary: 'List runs',
      description: `Newest first, filtered. The body is an array; the total count is in the ${TOTAL_COUNT_HEADER} header. A full page also sends ${NEXT_CURSOR_HEADER}: pass it as cursor for the next page (keyset paging, as fast deep in the list as at its start).`,
      querystring: wire.runListQuery,
      response: {
        200: z.array(wire.run).meta({ description: 'A page of runs, newest first.' }),
        ...wire.boundedReadErrors,
      },
    }),
    async (request, reply) => sendPage(reply, await listRuns(boundedReads, request.query)),
  );

  app.get(
    '/kpis/dashboard',
    route('viewer', {
      summary: 'Dashboard KPIs',
      description:
        'Run count, success rate, percentiles of total time and TTFT, recent runs; filters as for the list.',
      querystring: wire.kpiQuery,
      response: { 200: wire.dashboardKpis.meta({ description: 'The KPIs.' }), ...wire.boundedReadErrors },
    }),
    async (request) => getDashboardKpis(boundedReads, request.query),
  );

  app.get(
    '/:id',
    route('viewer', {
      summary: 'Get a run with its event timeline',
      params: wire.idParams,
      response: { 200: wire.runDetail.meta({ description: 'The run and its events.' }), ...wire.readErrors },
    }),
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
        body: wire.runTrigger,
        response: {
          201: wire.run.meta({ description: 'The pending run, with its resolved inputs.' }),
          ...wire.writeErrors,
          ...wire.spendingErrors,
        },
      },
      // 503 before anything is stored while the job queue is unreachable (http/queue-admission.ts).
      config: { access: 'runner', queuesRuns: true },
    },
    async (request, reply) => {
      const created = await triggerRun(
        { db: deps.db, enqueueRun: deps.engine?.context.enqueueRun, logger: request.log },
        request.body,
      );
      return reply.code(201).send(created);
    },
  );
});
