/**
 * The API as a Fastify instance, built from its dependencies. `main.ts` listens with it;
 * tests call `inject()` on it or listen on port 0. Nothing here reads the environment or
 * opens connections: everything arrives in `deps`.
 */
import { serializeLoggedError } from '@tfbench/runtime';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from './deps.js';
import { auditTrail } from './http/audit-trail.js';
import { authentication } from './http/auth.js';
import { prepareAccounts } from './http/auth-start.js';
import { clientErrorHandler } from './http/client-error.js';
import { handleError, handleNotFound } from './http/error-handler.js';
import {
  BODY_LIMIT_BYTES,
  CONNECTION_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  MAX_PARAM_LENGTH,
  REQUEST_TIMEOUT_MS,
  TIMEOUT_CHECK_INTERVAL_MS,
} from './http/limits.js';
import { registerOpenApi } from './http/openapi.js';
import { refuseRunsWhileQueueIsDown } from './http/queue-admission.js';
import { zodValidatorCompiler } from './http/validation.js';
import { alertRoutes } from './routes/alerts.js';
import { analyticsRoutes } from './routes/analytics.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { automationRoutes } from './routes/automations.js';
import { benchmarkRoutes } from './routes/benchmarks.js';
import { eventRoutes } from './routes/events.js';
import { exportRoutes } from './routes/export.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { runCancelRoutes } from './routes/run-cancel.js';
import { runRoutes } from './routes/runs.js';
import { scenarioRoutes } from './routes/scenarios.js';
import { scheduleRoutes } from './routes/schedules.js';
import { userRoutes } from './routes/users.js';

export type { AppDeps, AppHooks } from './deps.js';

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
    // Behind a reverse proxy, the client's address and https come from X-Forwarded-*.
    trustProxy: deps.config.auth.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  acceptJsonBodiesOnly(app);

  // First, so that its onRoute hook sees every route and refuses one without a rule.
  await app.register(authentication, { deps });
  await app.register(auditTrail, { deps });
  const setupGate = prepareAccounts(app, deps);
  await registerOpenApi(app, deps.config.version);
  await app.register(healthRoutes, { deps });
  await app.register(automationRoutes, { deps, prefix: '/api/v1/automations' });
  await app.register(scenarioRoutes, { deps, prefix: '/api/v1/scenarios' });
  await app.register(scheduleRoutes, { deps, prefix: '/api/v1/scenarios' });
  await app.register(runRoutes, { deps, prefix: '/api/v1/runs' });
  // Engine routes: registered only when the process has a run engine (see AppDeps.engine).
  refuseRunsWhileQueueIsDown(app, deps);
  await app.register(runCancelRoutes, { deps, prefix: '/api/v1/runs' });
  await app.register(eventRoutes, { deps, prefix: '/api/v1/events' });
  await app.register(benchmarkRoutes, { deps, prefix: '/api/v1/benchmarks' });
  await app.register(analyticsRoutes, { deps, prefix: '/api/v1/analytics' });
  await app.register(alertRoutes, { deps, prefix: '/api/v1/alerts' });
  await app.register(exportRoutes, { deps, prefix: '/api/v1' });
  await app.register(metricsRoutes, { deps });
  await app.register(authRoutes, {
    deps,
    setupGate,
    loginThrottle: deps.loginThrottle,
    prefix: '/api/v1/auth',
  });
  await app.register(userRoutes, { deps, prefix: '/api/v1/users' });
  await app.register(apiKeyRoutes, { deps, prefix: '/api/v1/api-keys' });
  await app.register(auditRoutes, { deps, prefix: '/api/v1/audit' });
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

/** Header values that must never reach a log line, should a serializer include headers. */
const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];
