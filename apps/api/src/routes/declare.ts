import type { Access } from '@tfbench/core/auth';
import type { FastifyContextConfig, FastifySchema } from 'fastify';

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
