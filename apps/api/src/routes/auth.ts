/** /api/v1/auth: status, first-run setup, sign-in and sign-out, and who am I. */
import * as wire from '@tfbench/contract';
import {
  createFirstAdmin,
  getUser,
  isSetupRequired,
  LoginThrottle,
  type LoginThrottleOptions,
  RedisThrottleStore,
  signIn,
  signOut,
  signOutEverywhere,
  startSession,
} from '@tfbench/core/auth';
import { AppError } from '@tfbench/domain/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../deps.js';
import { record } from '../http/audit-trail.js';
import type { SetupGate } from '../http/auth-start.js';
import { isLoopbackClient } from '../http/client-address.js';
import { clearSessionCookies, readCookie, SESSION_COOKIE, setSessionCookies } from '../http/cookies.js';
import { routeDeclarer } from './declare.js';
import { generateCsrfToken, toUser } from './user-wire.js';

export interface AuthRouteOptions extends RouteOptions {
  setupGate: SetupGate;
  loginThrottle?: LoginThrottleOptions;
}

const described = (description: string) => wire.errorEnvelope.meta({ description });

export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, options) => {
  const route = routeDeclarer('auth');
  const { deps, setupGate } = options;
  const core = { db: deps.db };
  const { auth } = deps.config;
  const sessionSettings = { idleMs: auth.sessionIdleMs, maxMs: auth.sessionMaxMs };
  // Shared by every API process through Redis when there is one, like the rate limits.
  const throttleStore = deps.redis
    ? new RedisThrottleStore(deps.redis, `${deps.config.redisPrefix}:login-throttle:`, (error) =>
        app.log.warn({ err: error }, 'login throttle: Redis failed; counting in this process'),
      )
    : undefined;
  const throttle = new LoginThrottle(options.loginThrottle, throttleStore);

  const signedIn = (request: FastifyRequest, reply: FastifyReply, token: string) =>
    setSessionCookies(request, reply, { token, csrf: generateCsrfToken(), maxAgeMs: auth.sessionMaxMs });

  app.get(
    '/status',
    route('public', {
      summary: 'Whether auth is on and whether the administrator must be created',
      response: { 200: wire.authStatus, ...wire.readErrors },
    }),
    async () => ({
      auth: auth.mode,
      setup_required: auth.mode === 'on' && (await isSetupRequired(core)),
    }),
  );

  app.post(
    '/setup',
    route('public', {
      summary: 'Create the first administrator',
      description:
        'Only while no account exists (else 409 SETUP_DONE), and only from this machine or with the setup token the API printed in its log (else 403 SETUP_TOKEN_REQUIRED). Signs the new administrator in.',
      body: wire.setupBody,
      response: {
        201: wire.userEnvelope.meta({ description: 'Created and signed in (session and CSRF cookies set).' }),
        403: described('Not from this machine and without the setup token.'),
        409: described('An account exists already.'),
        ...wire.writeErrors,
      },
    }),
    async (request, reply) => {
      if (auth.mode === 'off' || !(await isSetupRequired(core))) {
        throw new AppError('SETUP_DONE', 409, 'An administrator exists already; sign in instead.');
      }
      const { setup_token: token, ...account } = request.body;
      const tokenMatches = setupGate.token !== null && token === setupGate.token;
      if (!tokenMatches && !isLoopbackClient(request)) {
        throw new AppError(
          'SETUP_TOKEN_REQUIRED',
          403,
          'Create the administrator from the machine tfbench runs on, or send the setup_token printed in the API log.',
        );
      }
      const user = await createFirstAdmin(core, account);
      setupGate.token = null;
      const session = await startSession(core, user, sessionSettings);
      signedIn(request, reply, session.token);
      return reply.code(201).send({ user: toUser(session.user) });
    },
  );

  app.post(
    '/login',
    route('public', {
      summary: 'Sign in',
      description:
        'Sets the session cookie (a new session every time) and the CSRF cookie. Wrong email or password: 401 INVALID_CREDENTIALS, the same for both. Repeated failures per account and per address: 429 LOGIN_THROTTLED with Retry-After.',
      body: wire.credentials,
      response: {
        200: wire.userEnvelope.meta({ description: 'Signed in.' }),
        ...wire.writeErrors,
        401: described('The email or the password is wrong.'),
        429: described(
          'Too many failed sign-ins (LOGIN_THROTTLED), or too many requests (RATE_LIMITED); wait Retry-After seconds.',
        ),
      },
    }),
    async (request, reply) => {
      const { email, password } = request.body;
      await throttle.check(email, request.ip);
      try {
        const session = await signIn(core, { email, password }, sessionSettings);
        await throttle.recordSuccess(email);
        // A session the browser held before is ended: one browser, one session.
        const previous = readCookie(request, SESSION_COOKIE);
        if (previous) await signOut(core, previous);
        signedIn(request, reply, session.token);
        const actor = `user:${session.user.email}`;
        await record(
          app,
          deps,
          { action: 'auth.login', target: `users/${session.user.id}`, status: 200 },
          request,
          actor,
        );
        return { user: toUser(session.user) };
      } catch (error) {
        if (error instanceof AppError && error.code === 'INVALID_CREDENTIALS') {
          await throttle.recordFailure(email, request.ip);
          request.log.info({ event: 'login_failed' }, 'sign-in failed');
          // The address tried, for admins reading the trail; the process log leaves it out.
          const target = `account:${email.toLowerCase().slice(0, 254)}`;
          await record(app, deps, { action: 'auth.login_failed', target, status: 401 }, request);
        }
        throw error;
      }
    },
  );

  app.post(
    '/logout',
    route('viewer', {
      summary: 'Sign out this browser',
      response: { 204: z.null().meta({ description: 'Signed out; cookies cleared.' }), ...wire.readErrors },
    }),
    async (request, reply) => {
      const token = readCookie(request, SESSION_COOKIE);
      if (token && request.principal.kind === 'session') await signOut(core, token);
      clearSessionCookies(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/logout-all',
    route('viewer', {
      summary: 'Sign out everywhere',
      description: "Ends every session of the caller's account.",
      response: {
        204: z.null().meta({ description: 'Every session ended; cookies cleared.' }),
        ...wire.readErrors,
      },
    }),
    async (request, reply) => {
      const { userId } = request.principal;
      if (userId !== null) await signOutEverywhere(core, userId);
      clearSessionCookies(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    route('viewer', {
      summary: 'Who is calling',
      response: { 200: wire.me, ...wire.readErrors },
    }),
    async (request) => {
      const { principal } = request;
      const user = principal.userId === null ? undefined : await getUser(core, principal.userId);
      return {
        user: user ? toUser(user) : null,
        role: principal.role ?? 'viewer',
        via: principal.kind === 'session' ? 'session' : principal.kind === 'api_key' ? 'api_key' : 'off',
      } as const;
    },
  );
};
