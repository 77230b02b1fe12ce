/**
 * Authentication and authorization in front of every route, as a named plugin. Each request
 * gets `request.principal` (from an API key, the session cookie, the metrics token, or none),
 * and is refused unless the principal meets the route's `config.access`: 401 UNAUTHENTICATED
 * without a usable credential, 403 FORBIDDEN with too weak a role, 403 CSRF_TOKEN_INVALID for a
 * cookie-authenticated write without the matching X-CSRF-Token. A route registered without
 * `config.access` makes the app fail to build, so no route ships without a rule.
 */

import { timingSafeEqual } from 'node:crypto';
import { errorEnvelope } from '@tfbench/contract';
import {
  type Access,
  ANONYMOUS,
  AUTH_OFF,
  authenticateApiKey,
  authenticateSession,
  ForbiddenError,
  METRICS_TOKEN_PRINCIPAL,
  type Principal,
  roleAtLeast,
  UnauthenticatedError,
} from '@tfbench/core/auth';
import { API_KEY_PATTERN, authOffProblem } from '@tfbench/core/config';
import { AppError } from '@tfbench/domain/errors';
import { ROLES } from '@tfbench/domain/model';
import type { FastifyInstance, FastifyRequest, RouteOptions as FastifyRouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../deps.js';
import { CSRF_COOKIE, CSRF_HEADER, readCookie, SESSION_COOKIE } from './cookies.js';
import { DOCS_PREFIX } from './openapi.js';
import { presentedKey } from './presented-key.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** A credential was sent but is unknown, revoked or expired. */
    credentialRejected: boolean;
  }
  interface FastifyContextConfig {
    /** Who may call the route: anyone, or at least this role. */
    access?: Access;
    /** Whether `Authorization: Bearer <METRICS_TOKEN>` is enough (GET /metrics). */
    acceptsMetricsToken?: boolean;
  }
  interface FastifyInstance {
    /** Every route with its rule, as registered (the authorization-matrix test reads it). */
    routeAccess: RouteAccess[];
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
  acceptsMetricsToken: boolean;
}

const ACCESS_VALUES: readonly Access[] = ['public', ...ROLES];
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Longer credentials are not looked up: no stored token or key is that long. */
const MAX_CREDENTIAL_LENGTH = 256;

const unauthorized = errorEnvelope.meta({
  description: 'No usable credential: sign in, or send an API key (UNAUTHENTICATED).',
});
const forbidden = errorEnvelope.meta({
  description:
    'The role is too weak (FORBIDDEN), or a cookie-authenticated write lacks X-CSRF-Token (CSRF_TOKEN_INVALID).',
});

async function authPlugin(app: FastifyInstance, { deps }: { deps: AppDeps }): Promise<void> {
  const problem = authOffProblem(deps.config);
  if (problem) throw new Error(problem);
  const core = { db: deps.db };
  const { auth } = deps.config;
  const sessionSettings = { idleMs: auth.sessionIdleMs, maxMs: auth.sessionMaxMs };
  const table: RouteAccess[] = [];
  app.decorate('routeAccess', table);
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('credentialRejected', false);

  app.addHook('onRoute', (route) => {
    const access = declareAccess(route);
    // HEAD routes are Fastify's copies of GET routes, with the same rule.
    if (route.method === 'HEAD') return;
    for (const method of [route.method].flat()) {
      table.push({
        method,
        url: route.url,
        access,
        acceptsMetricsToken: route.config?.acceptsMetricsToken === true,
      });
    }
  });

  const identify = async (request: FastifyRequest): Promise<Principal> => {
    if (auth.mode === 'off') return AUTH_OFF;
    const presented = boundedKey(request);
    if (presented !== undefined) {
      if (auth.metricsToken !== undefined && sameSecret(presented, auth.metricsToken)) {
        return METRICS_TOKEN_PRINCIPAL;
      }
      const principal = API_KEY_PATTERN.test(presented) ? await authenticateApiKey(core, presented) : null;
      request.credentialRejected = principal === null;
      return principal ?? ANONYMOUS;
    }
    const token = readCookie(request, SESSION_COOKIE);
    if (token === undefined || token === '') return ANONYMOUS;
    const principal =
      token.length <= MAX_CREDENTIAL_LENGTH ? await authenticateSession(core, token, sessionSettings) : null;
    request.credentialRejected = principal === null;
    return principal ?? ANONYMOUS;
  };

  app.addHook('onRequest', async (request) => {
    request.principal = ANONYMOUS;
    // Unknown URLs have no rule; they answer 404 whoever asks.
    const access = request.routeOptions.config?.access;
    if (access === undefined) return;
    request.principal = await identify(request);
    enforce(request, access);
  });
}

/** The route's rule, checked; protected routes also get their 401 and 403 in the OpenAPI document. */
function declareAccess(route: FastifyRouteOptions): Access {
  const config = route.config ?? {};
  let access = config.access;
  // The interactive docs are @fastify/swagger-ui's routes: documentation, readable by anyone.
  if (access === undefined && route.url.startsWith(DOCS_PREFIX)) {
    access = 'public';
    route.config = { ...config, access };
  }
  if (access === undefined || !ACCESS_VALUES.includes(access)) {
    throw new Error(
      `route ${[route.method].flat().join(',')} ${route.url} has no valid config.access (one of ${ACCESS_VALUES.join(', ')})`,
    );
  }
  const response = route.schema?.response as Record<string, unknown> | undefined;
  if (access !== 'public' && route.schema && response) {
    route.schema = { ...route.schema, response: { ...response, 401: unauthorized, 403: forbidden } };
  }
  return access;
}

function enforce(request: FastifyRequest, access: Access): void {
  if (access === 'public') return;
  const { principal } = request;
  if (principal.kind === 'metrics_token') {
    if (request.routeOptions.config.acceptsMetricsToken) return;
    throw new ForbiddenError(access);
  }
  if (principal.role === null) {
    throw new UnauthenticatedError(
      request.credentialRejected
        ? 'The session has ended, or the API key is unknown, revoked or expired; sign in again or use another key.'
        : undefined,
    );
  }
  if (!roleAtLeast(principal.role, access)) throw new ForbiddenError(access);
  if (principal.kind === 'session' && UNSAFE_METHODS.has(request.method)) checkCsrf(request);
}

/** Double submit: the X-CSRF-Token header must equal the tfbench_csrf cookie. */
function checkCsrf(request: FastifyRequest): void {
  const cookie = readCookie(request, CSRF_COOKIE);
  const header = request.headers[CSRF_HEADER];
  if (!cookie || typeof header !== 'string' || !sameSecret(header, cookie)) {
    throw new AppError(
      'CSRF_TOKEN_INVALID',
      403,
      'A signed-in write must send the X-CSRF-Token header with the value of the tfbench_csrf cookie.',
    );
  }
}

/** The presented key, or '' (never valid) when it is too long to be worth hashing. */
function boundedKey(request: FastifyRequest): string | undefined {
  const value = presentedKey(request);
  if (value === undefined) return undefined;
  return value.length <= MAX_CREDENTIAL_LENGTH ? value : '';
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The plugin: register it before any route, so that its onRoute hook sees them all. */
export const authentication = fp(authPlugin, { name: 'tfbench-auth', fastify: '5.x' });
