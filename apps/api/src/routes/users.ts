/** /api/v1/users: accounts, managed by admins. */
import * as wire from '@tfbench/contract';
import {
  changeUserRole,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  resetUserPassword,
} from '@tfbench/core/auth';
import { NotFoundError } from '@tfbench/domain/errors';
import { z } from 'zod';
import { deleteRoute } from './crud.js';
import { routePlugin } from './declare.js';
import { toUser } from './user-wire.js';

export const userRoutes = routePlugin('users', (app, { route, services }) => {
  app.get(
    '',
    route('admin', {
      summary: 'List users',
      response: { 200: wire.userList, ...wire.readErrors },
    }),
    async () => ({ items: (await listUsers(services)).map(toUser) }),
  );

  app.post(
    '',
    route('admin', {
      summary: 'Create a user',
      description: '409 when the email is taken.',
      body: wire.userCreate,
      response: { 201: wire.user, 409: wire.deleteErrors[409], ...wire.writeErrors },
    }),
    async (request, reply) => reply.code(201).send(toUser(await createUser(services, request.body))),
  );

  app.patch(
    '/:id',
    route('admin', {
      summary: "Change a user's role",
      description: '409 for the last admin.',
      params: wire.idParams,
      body: wire.userUpdate,
      response: { 200: wire.user, 409: wire.deleteErrors[409], ...wire.writeErrors },
    }),
    async (request) => {
      const { id } = request.params;
      const { role } = request.body;
      const found =
        role === undefined ? await getUser(services, id) : await changeUserRole(services, id, role);
      if (!found) throw new NotFoundError('user', id);
      return toUser(found);
    },
  );

  app.post(
    '/:id/password',
    route('admin', {
      summary: "Reset a user's password",
      description: 'Also ends every session of that user.',
      params: wire.idParams,
      body: wire.passwordReset,
      response: { 204: z.null().meta({ description: 'Reset.' }), ...wire.writeErrors },
    }),
    async (request, reply) => {
      await resetUserPassword(services, request.params.id, request.body.password);
      return reply.code(204).send(null);
    },
  );

  deleteRoute(
    app,
    route,
    'admin',
    {
      summary: 'Delete a user',
      description: 'With their sessions and API keys. 409 for the last admin.',
      done: 'Deleted.',
    },
    (id) => deleteUser(services, id),
  );
});
