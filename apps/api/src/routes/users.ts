/** /api/v1/users: accounts, managed by admins. */
import {
  changeUserRole,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  resetUserPassword,
} from '@tfbench/core/auth';
import { NotFoundError } from '@tfbench/core/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../deps.js';
import { passwordReset, user, userCreate, userList, userUpdate } from '../schemas/auth.js';
import { idParams } from '../schemas/common.js';
import { deleteErrors, readErrors, writeErrors } from '../schemas/responses.js';
import { toUser } from './user-wire.js';

const admin = { access: 'admin' } as const;

export const userRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const core = { db: deps.db };

  app.get(
    '',
    {
      config: admin,
      schema: { summary: 'List users', tags: ['users'], response: { 200: userList, ...readErrors } },
    },
    async () => ({ items: (await listUsers(core)).map(toUser) }),
  );

  app.post(
    '',
    {
      config: admin,
      schema: {
        summary: 'Create a user',
        description: '409 when the email is taken.',
        tags: ['users'],
        body: userCreate,
        response: { 201: user, 409: deleteErrors[409], ...writeErrors },
      },
    },
    async (request, reply) => reply.code(201).send(toUser(await createUser(core, request.body))),
  );

  app.patch(
    '/:id',
    {
      config: admin,
      schema: {
        summary: "Change a user's role",
        description: '409 for the last admin.',
        tags: ['users'],
        params: idParams,
        body: userUpdate,
        response: { 200: user, 409: deleteErrors[409], ...writeErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { role } = request.body;
      const found = role === undefined ? await getUser(core, id) : await changeUserRole(core, id, role);
      if (!found) throw new NotFoundError('user', id);
      return toUser(found);
    },
  );

  app.post(
    '/:id/password',
    {
      config: admin,
      schema: {
        summary: "Reset a user's password",
        description: 'Also ends every session of that user.',
        tags: ['users'],
        params: idParams,
        body: passwordReset,
        response: { 204: z.null().meta({ description: 'Reset.' }), ...writeErrors },
      },
    },
    async (request, reply) => {
      await resetUserPassword(core, request.params.id, request.body.password);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/:id',
    {
      config: admin,
      schema: {
        summary: 'Delete a user',
        description: 'With their sessions and API keys. 409 for the last admin.',
        tags: ['users'],
        params: idParams,
        response: { 204: z.null().meta({ description: 'Deleted.' }), ...deleteErrors },
      },
    },
    async (request, reply) => {
      await deleteUser(core, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
