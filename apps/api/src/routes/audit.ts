/** /api/v1/audit: the audit trail, for admins. */
import { auditList, auditQuery, readErrors } from '@tfbench/contract';
import { listAudit } from '@tfbench/core/auth';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../deps.js';
import { routeDeclarer } from './declare.js';

export const auditRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const route = routeDeclarer('users');
  app.get(
    '',
    route('admin', {
      summary: 'The audit trail',
      description:
        'Every successful create, update, delete, trigger and cancel, sign-ins and failed sign-ins, key and user changes: who, from which address, when, on what. Newest first; kept TFBENCH_AUDIT_RETENTION_DAYS days.',
      querystring: auditQuery,
      response: { 200: auditList, ...readErrors },
    }),
    async (request) => listAudit({ db: deps.db }, request.query),
  );
};
