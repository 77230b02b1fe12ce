import type { FastifyReply } from 'fastify';

/** The header list endpoints put the total count in, so their body stays a plain array. */
export const TOTAL_COUNT_HEADER = 'x-total-count';

/** A list endpoint's answer: the page's items as the body, how many there are in all in the header. */
export function sendPage<T>(reply: FastifyReply, page: { items: T[]; total: number }) {
  return reply.header(TOTAL_COUNT_HEADER, page.total).send(page.items);
}
