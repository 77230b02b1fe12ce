/** The header list endpoints put the total count in, so their body stays a plain array. */
export const TOTAL_COUNT_HEADER = 'x-total-count';
/** The header a full page of a keyset-paged list puts the next page's cursor in. */
export const NEXT_CURSOR_HEADER = 'x-next-cursor';
