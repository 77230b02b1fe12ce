/**
 * The browser's only way to the API: `/api/*` on this app is forwarded to `API_URL`, with the
 * response body streamed through as it arrives. Server-sent events (`/api/v1/events`) pass
 * unbuffered — nothing here reads the body, and the response is marked `no-transform` so
 * the compression layer of `next start` leaves it alone.
 */
import { forwardToApi } from '@/lib/proxy';

export const dynamic = 'force-dynamic';

const handle = (request: Request): Promise<Response> => forwardToApi(request);

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;
