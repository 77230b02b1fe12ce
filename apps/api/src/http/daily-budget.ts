/**
 * Routes that create runs (config `queuesRuns: true`) answer 402 BUDGET_EXHAUSTED, before
 * storing anything, once the runs of the current UTC day have cost TFBENCH_DAILY_BUDGET_USD
 * (see @tfbench/core/services, checkDailyBudget). Without a budget nothing is read.
 */
import { checkDailyBudget } from '@tfbench/core/services';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { RouteOptions } from '../deps.js';

async function dailyBudget(app: FastifyInstance, { deps }: RouteOptions): Promise<void> {
  const budgetUsd = deps.config.exposure.dailyBudgetUsd;
  if (budgetUsd === undefined) return;
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.queuesRuns !== true) return;
    await checkDailyBudget(deps.db.db, budgetUsd);
  });
}

/** Registered at the root so that its hook sees every route. */
export const dailyBudgetPlugin = fp(dailyBudget, { name: 'tfbench-daily-budget' });
