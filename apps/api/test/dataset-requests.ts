/**
 * What the in-process datasets API tests ask the app: the stored count (a hostile input must
 * leave it as it was), a stored dataset's rows, and POSTs of bodies written byte for byte.
 */
import type { FastifyInstance } from 'fastify';

export const DATASETS = '/api/v1/datasets';

/** How many datasets are stored, from the list's total-count header. */
export async function datasetCount(app: FastifyInstance): Promise<number> {
  const response = await app.inject({ method: 'GET', url: DATASETS });
  return Number(response.headers['x-total-count']);
}

/** The `data` of each of a dataset's rows, in order (the first page of `limit`). */
export async function rowData<T = unknown>(app: FastifyInstance, id: number, limit = 100): Promise<T[]> {
  const response = await app.inject({ method: 'GET', url: `${DATASETS}/${id}/rows?limit=${limit}` });
  return (response.json() as Array<{ data: T }>).map((row) => row.data);
}

/** POST `payload` as it is, under this content type. */
export function postRaw(app: FastifyInstance, url: string, contentType: string, payload: string) {
  return app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });
}
