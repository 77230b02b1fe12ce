/** /api/v1/api-keys: keys for machines; the key itself is shown once, when created. */
import * as wire from '@tfbench/contract';
import { createApiKey, listApiKeys, revokeApiKey } from '@tfbench/core/auth';
import { deleteRoute } from './crud.js';
import { routePlugin } from './declare.js';
import { toApiKey } from './user-wire.js';

// Any signed-in caller (viewer): what each may see and do is narrowed by its own role and keys.
export const apiKeyRoutes = routePlugin('api-keys', (app, { route, services }) => {
  app.get(
    '',
    route('viewer', {
      summary: 'List API keys',
      description: 'Admins see every key; others the keys they created.',
      response: { 200: wire.apiKeyList, ...wire.readErrors },
    }),
    async (request) => ({ items: (await listApiKeys(services, request.principal)).map(toApiKey) }),
  );

  app.post(
    '',
    route('viewer', {
      summary: 'Create an API key',
      description: 'With a role no stronger than your own. The answer is the only time the key is shown.',
      body: wire.apiKeyCreate,
      response: { 201: wire.apiKeyCreated, ...wire.writeErrors },
    }),
    async (request, reply) => {
      const created = await createApiKey(services, request.principal, request.body);
      return reply.code(201).send({
        id: created.id,
        name: created.name,
        role: created.role,
        prefix: created.prefix,
        key: created.key,
        created_at: created.created_at,
        expires_at: created.expires_at,
      });
    },
  );

  deleteRoute(
    app,
    route,
    'viewer',
    {
      summary: 'Revoke an API key',
      description: 'Its owner or an admin may; it stays listed with revoked_at.',
      done: 'Revoked.',
    },
    (id, request) => revokeApiKey(services, request.principal, id),
  );
});
