/** /api/v1/audit: the audit trail, for admins. */
import * as wire from '@tfbench/contract';
import { listAudit } from '@tfbench/core/auth';
import { routePlugin } from './declare.js';

export const auditRoutes = routePlugin('users', (app, { route, services }) => {
  app.get(
    '',
    route('admin', {
      summary: 'The audit trail',
      description:
        'Every successful create, update, delete, trigger and cancel, sign-ins and failed sign-ins, key and user changes: who, from which address, when, on what. Newest first; kept TFBENCH_AUDIT_RETENTION_DAYS days.',
      querystring: wire.auditQuery,
      response: { 200: wire.auditList, ...wire.readErrors },
    }),
    async (request) => listAudit(services, request.query),
  );
});
