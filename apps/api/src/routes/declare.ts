import type { Access } from '@tfbench/core/auth';
import type { DatabaseHandle } from '@tfbench/core/db';
import type { FastifyContextConfig, FastifySchema } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../deps.js';

/**
 * The route options of one plugin's routes: who may call the route (its `config.access`,
 * the first argument so every route states it where it is declared), its OpenAPI description
 * tagged with the plugin's tag, and any further route config such as `queuesRuns`.
 */
export function routeDeclarer(tag: string) {
  return <S extends FastifySchema>(
    access: Access,
    schema: S,
    config: Omit<FastifyContextConfig, 'access'> = {},
  ) => ({ config: { access, ...config }, schema: { ...schema, tags: [tag] } });
}

/** What a route plugin's body is given besides the app: its options, declarer and services. */
export type RoutePluginKit<O extends RouteOptions> = O & {
  /** Declares a route of this plugin's tag (see `routeDeclarer`). */
  route: ReturnType<typeof routeDeclarer>;
  /** The core services most route handlers call with: the database. */
  services: { db: DatabaseHandle };
};

/**
 * A route plugin whose routes are documented under `tag`: every plugin starts from the same
 * declarer and services, so its body is only its routes.
 */
export function routePlugin<O extends RouteOptions = RouteOptions>(
  tag: string,
  register: (app: Parameters<FastifyPluginAsyncZod<O>>[0], kit: RoutePluginKit<O>) => void | Promise<void>,
): FastifyPluginAsyncZod<O> {
  return async (app, options) => {
    await register(app, { ...options, route: routeDeclarer(tag), services: { db: options.deps.db } });
  };
}
