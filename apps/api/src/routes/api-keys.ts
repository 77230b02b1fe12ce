/** /api/v1/api-keys: keys for machines; the key itself is shown once, when created. */
import { createApiKey, listApiKeys, revokeApiKey } from '@tfbench/core/auth';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../deps.js';
import { apiKeyCreate, apiKeyCreated, apiKeyList } from '../schemas/auth.js';
import { idParams } from '../schemas/common.js';
import { deleteErrors, readErrors, writeErrors } from '../schemas/responses.js';
import { toApiKey } from './user-wire.js';

// Any signed-in caller: what each may see and do is narrowed by its own role and keys.
const signedIn = { access: 'viewer' } as const;

export const apiKeyRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const core = { db: deps.db };

  app.get(
    '',
    {
      config: signedIn,
      schema: {
        summary: 'List API keys',
        description: 'Admins see every key; others the keys they created.',
        tags: ['api-keys'],
        response: { 200: apiKeyList, ...readErrors },
      },
    },
    async (request) => ({ items: (await listApiKeys(core, request.principal)).map(toApiKey) }),
  );

  app.post(
    '',
    {
      config: signedIn,
      schema: {
        summary: 'Create an API key',
        description: 'With a role no stronger than your own. The answer is the only time the key is shown.',
        tags: ['api-keys'],
        body: apiKeyCreate,
        response: { 201: apiKeyCreated, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await createApiKey(core, request.principal, request.body);
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

  app.delete(
    '/:id',
    {
      config: signedIn,
      schema: {
        summary: 'Revoke an API key',
        description: 'Its owner or an admin may; it stays listed with revoked_at.',
        tags: ['api-keys'],
        params: idParams,
        response: { 204: z.null().meta({ description: 'Revoked.' }), ...deleteErrors },
      },
    },
    async (request, reply) => {
      await revokeApiKey(core, request.principal, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
