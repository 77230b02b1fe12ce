import * as wire from '@tfbench/contract';
import type { Access } from '@tfbench/core/auth';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routeDeclarer } from './declare.js';
import { sendPage } from './pagination.js';

/** The Fastify instance a route plugin receives, typed by the zod provider. */
export type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

/** What every route of a resource states for itself in its OpenAPI entry. */
interface Described {
  summary: string;
  description?: string;
}

/** A page of a list as the core answers it (see `sendPage`). */
interface Page {
  items: unknown[];
  total: number;
  next_cursor?: string | null;
}

/**
 * The routes most resources have in common (list, get, create, update, delete), declared from
 * what differs between resources: the item's schema, each route's words, and its one core call.
 * What they share (paths, roles, status codes, error sets, paging headers) is written here
 * once, so every resource answers and documents them alike. Each method registers one route,
 * so a resource interleaves its own routes where its OpenAPI entries belong.
 */
export function crudRoutes(app: ZodApp, tag: string, item: z.ZodType) {
  const route = routeDeclarer(tag);
  return {
    /** GET '': one page as the body, the total count in a header. */
    list<Q extends z.ZodType>(
      spec: Described & { querystring: Q; page: string },
      list: (query: z.output<Q>) => Promise<Page>,
    ) {
      const { summary, description, querystring, page } = spec;
      app.get(
        '',
        route('viewer', {
          summary,
          description,
          querystring,
          response: { 200: z.array(item).meta({ description: page }), ...wire.readErrors },
        }),
        async (request, reply) => sendPage(reply, await list(request.query as z.output<Q>)),
      );
    },

    /** GET /:id: one item. */
    get(spec: Described & { found: string }, get: (id: number) => Promise<unknown>) {
      const { summary, description, found } = spec;
      app.get(
        '/:id',
        route('viewer', {
          summary,
          description,
          params: wire.idParams,
          response: { 200: item.meta({ description: found }), ...wire.readErrors },
        }),
        async (request) => get(request.params.id),
      );
    },

    /** POST '': 201 with the created item. */
    create<B extends z.ZodType>(
      spec: Described & { body: B; errors: Record<number, z.ZodType> },
      create: (body: z.output<B>) => Promise<unknown>,
    ) {
      const { summary, description, body, errors } = spec;
      app.post(
        '',
        route('editor', {
          summary,
          description,
          body,
          response: { 201: item.meta({ description: 'Created.' }), ...errors },
        }),
        async (request, reply) => reply.code(201).send(await create(request.body as z.output<B>)),
      );
    },

    /** PUT /:id: a partial update; only the fields sent change. */
    update<B extends z.ZodType>(
      spec: { summary: string; body: B; errors: Record<number, z.ZodType> },
      update: (id: number, body: z.output<B>) => Promise<unknown>,
    ) {
      const { summary, body, errors } = spec;
      app.put(
        '/:id',
        route('editor', {
          summary,
          description: 'Only the fields sent change.',
          params: wire.idParams,
          body,
          response: { 200: item.meta({ description: 'Updated.' }), ...errors },
        }),
        async (request) => update(request.params.id, request.body as z.output<B>),
      );
    },

    /** DELETE /:id: 204; 409 while others depend on the item, unless ?cascade=true. */
    remove(
      spec: Required<Described>,
      remove: (id: number, options: { cascade: boolean }) => Promise<unknown>,
    ) {
      const { summary, description } = spec;
      app.delete(
        '/:id',
        route('editor', {
          summary,
          description,
          params: wire.idParams,
          querystring: wire.cascadeQuery,
          response: { 204: z.null().meta({ description: 'Deleted.' }), ...wire.deleteErrors },
        }),
        async (request, reply) => {
          await remove(request.params.id, { cascade: request.query.cascade ?? false });
          return reply.code(204).send(null);
        },
      );
    },
  };
}

/**
 * DELETE /:id answering 204 with no body, for items with nothing that depends on them to
 * cascade to (users, API keys): who may call it, its words, what its 204 means (`done`), and
 * its one core call, given the id and the request (for its caller).
 */
export function deleteRoute(
  app: ZodApp,
  route: ReturnType<typeof routeDeclarer>,
  access: Access,
  spec: Required<Described> & { done: string },
  remove: (id: number, request: FastifyRequest) => Promise<unknown>,
) {
  const { summary, description, done } = spec;
  app.delete(
    '/:id',
    route(access, {
      summary,
      description,
      params: wire.idParams,
      response: { 204: z.null().meta({ description: done }), ...wire.deleteErrors },
    }),
    async (request, reply) => {
      await remove(request.params.id, request);
      return reply.code(204).send(null);
    },
  );
}
