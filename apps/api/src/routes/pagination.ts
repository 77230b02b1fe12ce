/** The header list endpoints put the total count in, so their body stays a plain array. */
export const TOTAL_COUNT_HEADER = 'x-total-count';
