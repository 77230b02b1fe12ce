/**
 * The routes of accounts: sign-in and sessions, users, API keys and the audit log, under
 * /api/v1. They exist with or without a run engine.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SetupGate } from '../http/auth-start.js';
import { apiKeyRoutes } from './api-keys.js';
import { auditRoutes } from './audit.js';
import { type AuthRouteOptions, authRoutes } from './auth.js';
import { userRoutes } from './users.js';

export const accountRoutes: FastifyPluginAsyncZod<AuthRouteOptions & { setupGate: SetupGate }> = async (
  app,
  { deps, setupGate, loginThrottle },
) => {
  await app.register(authRoutes, { deps, setupGate, loginThrottle, prefix: '/auth' });
  await app.register(userRoutes, { deps, prefix: '/users' });
  await app.register(apiKeyRoutes, { deps, prefix: '/api-keys' });
  await app.register(auditRoutes, { deps, prefix: '/audit' });
};
