import type { FastifyReply } from 'fastify';

/** The header list endpoints put the total count in, so their body stays a plain array. */
export const TOTAL_COUNT_HEADER = 'x-total-count';
/** The header a full page of a keyset-paged list puts the next page's cursor in. */
export const NEXT_CURSOR_HEADER = 'x-next-cursor';

/**
 * A list endpoint's answer: the page's items as the body, how many there are in all in one
 * header and, for a keyset-paged list's full page, where the next page starts in another.
 */
export function sendPage<T>(
  reply: FastifyReply,
  page: { items: T[]; total: number; next_cursor?: string | null },
) {
  if (page.next_cursor) reply.header(NEXT_CURSOR_HEADER, page.next_cursor);
  return reply.header(TOTAL_COUNT_HEADER, page.total).send(page.items);
}
