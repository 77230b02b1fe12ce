/**
 * The API as a Fastify instance, built from its dependencies. `main.ts` listens with it;
 * tests call `inject()` on it or listen on port 0. Nothing here reads the environment or
 * opens connections: everything arrives in `deps`.
 */
import { CREDENTIAL_LOG_PATHS } from '@tfbench/core/secrets';
import { serializeLoggedError } from '@tfbench/runtime';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from './deps.js';
import { auditTrail } from './http/audit-trail.js';
import { authentication } from './http/auth.js';
import { prepareAccounts } from './http/auth-start.js';
import { browserAccessPlugin } from './http/browser-access.js';
import { clientErrorHandler } from './http/client-error.js';
import { dailyBudgetPlugin } from './http/daily-budget.js';
import { handleError, handleNotFound } from './http/error-handler.js';
import { trustProxyOption } from './http/host-policy.js';
import {
  BODY_LIMIT_BYTES,
  CONNECTION_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  MAX_PARAM_LENGTH,
  REQUEST_TIMEOUT_MS,
  TIMEOUT_CHECK_INTERVAL_MS,
} from './http/limits.js';
import { registerOpenApi } from './http/openapi.js';
import { queueAdmission } from './http/queue-admission.js';
import { rateLimitPlugin } from './http/rate-limits.js';
import { responseCapPlugin } from './http/response-cap.js';
import { zodValidatorCompiler } from './http/validation.js';
import { accountRoutes } from './routes/account-routes.js';
import { engineRoutes } from './routes/engine-routes.js';
import { resourceRoutes } from './routes/resource-routes.js';
import { systemRoutes } from './routes/system-routes.js';

export type { AppDeps } from './deps.js';

/**
 * Build the API. Call `ready()` (or `listen()`) before use and `close()` when done.
 *
 * @example
 * const app = await buildApp({ config, db: handle });
 * const response = await app.inject({ method: 'GET', url: '/health' });
 * await app.close();
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const requestTimeoutMs = deps.limits?.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const app = Fastify({
    logger: deps.logger ?? {
      level: deps.config.logLevel,
      redact: REDACTED_LOG_PATHS,
      // Query parameters carry user inputs: never logged.
      serializers: {
        err: (error) => serializeLoggedError(error) as { type: string; message: string; stack: string },
      },
    },
    bodyLimit: BODY_LIMIT_BYTES,
    // Which proxies' X-Forwarded-For/-Proto/-Host to believe (TFBENCH_TRUST_PROXY; default none).
    trustProxy: trustProxyOption(deps.config.exposure.http.trustProxy),
    requestTimeout: requestTimeoutMs,
    // Node checks the request and headers deadlines only every `connectionsCheckingInterval`
    // (30 s by default) and gives headers 60 s: a slow client was held up to ~90 s. Check every
    // second and give headers the same deadline as the whole request.
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, requestTimeoutMs),
    },
    // 431, 408 and unparseable requests answer in the envelope too.
    clientErrorHandler: clientErrorHandler(requestTimeoutMs),
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // `/api/v1/automations/` works too: the original served its collections with a trailing slash.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH, ignoreTrailingSlash: true },
    // JSON bodies with __proto__ / constructor.prototype keys are refused (400), not stripped.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Malformed URLs (bad percent-encoding) answer 400 in our envelope, not Fastify's.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  acceptJsonBodiesOnly(app);

  // Browser access, rate limits, the daily budget and the response cap come first: they guard
  // every request, unauthenticated ones and the OpenAPI document's included.
  await app.register(browserAccessPlugin, { deps });
  await app.register(rateLimitPlugin, { deps });
  await app.register(dailyBudgetPlugin, { deps });
  await app.register(responseCapPlugin);
  // Authentication before any route: its onRoute hook sees every route registered after it
  // and refuses one without an access rule.
  await app.register(authentication, { deps });
  await app.register(auditTrail, { deps });
  const setupGate = prepareAccounts(app, deps);
  // The OpenAPI document before the routes: it lists the routes registered after it.
  await registerOpenApi(app, deps.config.version);

  // Guards: plugins that hook this scope, so that every route registered below passes them.
  if (deps.engine) await app.register(queueAdmission, { engine: deps.engine });

  // Routes.
  await app.register(systemRoutes, { deps });
  await app.register(resourceRoutes, { deps, prefix: API_PREFIX });
  await app.register(accountRoutes, {
    deps,
    setupGate,
    loginThrottle: deps.loginThrottle,
    prefix: API_PREFIX,
  });
  if (deps.engine) await app.register(engineRoutes, { deps, engine: deps.engine, prefix: API_PREFIX });
  return app;
}

/**
 * Bodies are JSON or nothing: other content types answer 415 (Fastify would otherwise parse
 * text/plain too, and fail later with a less helpful 400). An empty body with a JSON content
 * type is fine on DELETE (some clients always send the header) but an error on POST/PUT.
 */
function acceptJsonBodiesOnly(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0 && request.method !== 'POST' && request.method !== 'PUT') {
      done(null, undefined);
      return;
    }
    parseJson(request, body.toString(), done);
  });
}

/** Where the REST resources live. */
const API_PREFIX = '/api/v1';

/** Header values that must never reach a log line, should a serializer include headers. */
const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...CREDENTIAL_LOG_PATHS,
];
