/**
 * /api/v1/config: configuration as code. Export the automations and scenarios under their
 * keys (no credentials), and plan or apply a document of them. Each handler is one core call;
 * pruning deletes history too, so it needs the admin role on top of the route's editor.
 */
import * as wire from '@tfbench/contract';
import { ForbiddenError, mayAccess, type Principal } from '@tfbench/core/auth';
import { applyConfiguration, exportConfiguration } from '@tfbench/core/config-as-code';
import { upstreamOutboundPolicy } from '@tfbench/core/net';
import { openSecretBox } from '@tfbench/core/secrets';
import { routePlugin } from './declare.js';

const PLAN_DESCRIPTION =
  'Items are matched by key; a stored item without a key is taken over by its name. Each item is create, update (with the fields that change), unchanged, or with prune delete. A bad document answers 400 naming the field, e.g. document.scenarios.2.automation.';

export const configurationRoutes = routePlugin('configuration', (app, { route, deps }) => {
  // The same credential and outbound rules as the automations routes: applied automations are
  // written through the same use cases.
  const box = 'secretBox' in deps ? deps.secretBox : openSecretBox(deps.config, app.log);
  const services = {
    db: deps.db,
    outbound: upstreamOutboundPolicy(deps.config.outbound),
    credentials: { box, keyEnvNames: Object.keys(deps.config.secrets.upstreamKeyEnv) },
  };
  const limits = { bodyLimit: wire.CONFIG_LIMITS.maxBodyBytes };

  app.get(
    '/export',
    route('viewer', {
      summary: 'Export the configuration',
      description:
        'Every automation and scenario under its key (made from its name when none was applied), sorted by key, fields at their defaults left out. Credentials are never exported: api_key and header values are write-only (api_key_env, which names a server variable, is).',
      response: {
        200: wire.configDocument.meta({ description: 'The configuration document.' }),
        ...wire.readErrors,
      },
    }),
    async () => exportConfiguration(services),
  );

  app.post(
    '/plan',
    {
      ...route('editor', {
        summary: 'Plan a configuration',
        description: `What applying the document would change; nothing is written. ${PLAN_DESCRIPTION}`,
        body: wire.configPlanRequest,
        response: { 200: wire.configPlan.meta({ description: 'The plan.' }), ...wire.namedWriteErrors },
      }),
      ...limits,
    },
    async (request) => {
      requirePruneRole(request.principal, request.body.prune);
      return applyConfiguration(services, { ...request.body, dryRun: true });
    },
  );

  app.post(
    '/apply',
    {
      ...route('editor', {
        summary: 'Apply a configuration',
        description: `Carries out the plan in one transaction (a refused item changes nothing) and answers it; dry_run only plans. ${PLAN_DESCRIPTION}`,
        body: wire.configApplyRequest,
        response: {
          200: wire.configPlan.meta({ description: 'The plan, applied unless dry_run.' }),
          ...wire.namedWriteErrors,
        },
      }),
      ...limits,
    },
    async (request) => {
      requirePruneRole(request.principal, request.body.prune);
      const { dry_run, ...input } = request.body;
      return applyConfiguration(services, { ...input, dryRun: dry_run ?? false });
    },
  );
});

/** Pruning deletes items with their runs and benchmarks: an admin's decision. */
function requirePruneRole(principal: Principal, prune: boolean | undefined): void {
  if (prune && !mayAccess(principal, 'admin')) throw new ForbiddenError('admin');
}
