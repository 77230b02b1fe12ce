/**
 * Typed client of the tfbench REST API for the browser. Every call goes to this app's own
 * `/api/*` proxy (same origin), never to the API's port directly.
 *
 * Reads are described as {@link Query} values (a path plus its result type) so that the
 * `useQuery` hook can fetch, poll and refresh them; writes are plain async functions.
 */
import type {
  Alert,
  AlertListQuery,
  AlertSilence,
  Automation,
  AutomationCreate,
  AutomationUpdate,
  Benchmark,
  BenchmarkCreate,
  BenchmarkDefinition,
  BenchmarkListQuery,
  Comparison,
  CreatedBenchmark,
  DashboardKpis,
  Dataset,
  DatasetCreate,
  DatasetRow,
  ExportFormat,
  Histogram,
  HistogramQuery,
  KpiQuery,
  Run,
  RunDetail,
  RunListQuery,
  RunTriggerRequest,
  Scenario,
  ScenarioCreate,
  ScenarioUpdate,
  ScheduleEstimate,
  ScheduleEstimateRequest,
  Timeseries,
  TimeseriesQuery,
} from '@tfbench/contract';
import { type benchmarkRowResult, MAX_SERIES_POINTS } from '@tfbench/contract';
import type { z } from 'zod';
import { csrfHeaders } from './auth/csrf';
import { meansSignedOut, reportSignedOut } from './auth/signed-out';
import { invalidate, staleAfterWrite } from './invalidation';

/** One dataset row's results in a benchmark (GET /benchmarks/{id}/rows). */
export type BenchmarkRowResult = z.output<typeof benchmarkRowResult>;

/** Prefix of every API path, as the browser sees it. */
export const API_BASE = '/api/v1';

/** One offending field of a rejected request, as the API reports it. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A non-2xx answer of the API (or of the proxy when the API is down), carrying the API's
 * `{error: {code, message, details}}` envelope.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** Seconds the API asked to wait before trying again (`Retry-After` of a 429), when it said. */
  retryAfterS: number | undefined;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The per-field messages of a VALIDATION_ERROR, keyed by field path (e.g. `run_settings.cron`). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(this.details)) return out;
    for (const item of this.details) {
      if (item && typeof item === 'object' && 'field' in item && 'message' in item) {
        const { field, message } = item as FieldError;
        const key = String(field).replace(/^body\./, '');
        if (!(key in out)) out[key] = String(message);
      }
    }
    return out;
  }

  /** True when the route itself does not exist on this API version (as opposed to a missing item). */
  get isMissingEndpoint(): boolean {
    // The API answers an unknown route with "No route GET /api/v1/...", Fastify's default with
    // "Route GET:/api/v1/... not found".
    return this.status === 404 && /^(No route \w+ |Route \w+:)/.test(this.message);
  }
}

/** `Retry-After` in seconds; the header may also be an HTTP date. */
function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Turns any failed response body into an ApiError, whatever shape the server used. */
async function toApiError(response: Response): Promise<ApiError> {
  const error = await parseApiError(response);
  error.retryAfterS = retryAfterSeconds(response.headers.get('retry-after'));
  return error;
}

async function parseApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const envelope = record.error;
    if (envelope && typeof envelope === 'object') {
      const e = envelope as Record<string, unknown>;
      return new ApiError(
        response.status,
        typeof e.code === 'string' ? e.code : `HTTP_${response.status}`,
        typeof e.message === 'string' ? e.message : response.statusText,
        e.details,
      );
    }
    // Fastify's own answers (e.g. an unknown route) use {statusCode, error, message}.
    if (typeof record.message === 'string') {
      return new ApiError(response.status, `HTTP_${response.status}`, record.message);
    }
  }
  const fallback = text && text.length < 300 ? text : `${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, `HTTP_${response.status}`, fallback || `HTTP ${response.status}`);
}

/** What a successful call returned: the parsed body and the response headers. */
export interface ApiResult<T> {
  data: T;
  headers: Headers;
}

/**
 * Sends one request to the API through the proxy and parses the JSON answer.
 *
 * @example
 * const { data } = await apiRequest<Automation[]>('GET', '/automations');
 */
export async function apiRequest<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        // A form sets its own multipart content type, boundary included.
        ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }),
        ...csrfHeaders(method, typeof document === 'undefined' ? '' : document.cookie),
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK_ERROR', 'The dashboard server could not be reached. Is it still running?');
  }
  if (!response.ok) {
    if (meansSignedOut(response.status, path)) reportSignedOut();
    throw await toApiError(response);
  }
  if (method !== 'GET') invalidate(staleAfterWrite(path));
  if (response.status === 204) return { data: undefined as T, headers: response.headers };
  const text = await response.text();
  return { data: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

/** Builds `?a=1&b=x` from defined, non-empty values. */
export function queryString(
  params: Record<string, string | number | boolean | Date | null | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/** A readable resource: the API path and (as a phantom type) what it returns. */
export interface Query<T> {
  path: string;
  /** Never set; carries the result type for `useQuery`. */
  readonly __result?: T;
}

const query = <T>(path: string): Query<T> => ({ path });

/** Every read the dashboard makes. */
export const queries = {
  automations: () => query<Automation[]>(`/automations${queryString({ limit: 1000 })}`),
  automation: (id: number) => query<Automation>(`/automations/${id}`),
  scenarios: () => query<Scenario[]>(`/scenarios${queryString({ limit: 1000 })}`),
  scenario: (id: number) => query<Scenario>(`/scenarios/${id}`),
  runs: (filters: RunListQuery = {}) => query<Run[]>(`/runs${queryString({ ...filters })}`),
  run: (id: number) => query<RunDetail>(`/runs/${id}`),
  kpis: (filters: KpiQuery = {}) =>
    query<DashboardKpis>(`/runs/kpis/dashboard${queryString({ ...filters })}`),
  benchmarks: (params: BenchmarkListQuery = {}) => query<Benchmark[]>(`/benchmarks${queryString(params)}`),
  benchmark: (id: number) => query<Benchmark>(`/benchmarks/${id}`),
  benchmarkDefinitions: () =>
    query<BenchmarkDefinition[]>(`/benchmark-definitions${queryString({ limit: 100 })}`),
  benchmarkRows: (id: number) => query<BenchmarkRowResult[]>(`/benchmarks/${id}/rows`),
  datasets: () => query<Dataset[]>(`/datasets${queryString({ limit: 1000 })}`),
  datasetRows: (id: number, limit = 20) =>
    query<DatasetRow[]>(`/datasets/${id}/rows${queryString({ limit })}`),
  // A series has at most MAX_SERIES_POINTS buckets, so one page of that size holds all of it.
  timeseries: (metric: TimeseriesQuery['metric'], filters: Omit<TimeseriesQuery, 'metric'> = {}) =>
    query<Timeseries>(
      `/analytics/timeseries${queryString({ metric, bucket: 'auto', limit: MAX_SERIES_POINTS, ...filters })}`,
    ),
  histogram: (metric: HistogramQuery['metric'], filters: Omit<HistogramQuery, 'metric'> = {}) =>
    query<Histogram>(`/analytics/histogram${queryString({ metric, ...filters })}`),
  compare: (a: string, b: string) => query<Comparison>(`/analytics/compare${queryString({ a, b })}`),
  alerts: (params: AlertListQuery = {}) => query<Alert[]>(`/alerts${queryString(params)}`),
};

/**
 * Download links, through the proxy, for the run export (with the list's filters, paging
 * aside) and a benchmark's report.
 */
export const downloads = {
  runs: (format: ExportFormat, filters: RunListQuery = {}) => {
    const { skip: _skip, limit: _limit, ...rest } = filters;
    return `${API_BASE}/runs/export${queryString({ format, ...rest })}`;
  },
  benchmarkReport: (id: number, format: 'json' | 'html' = 'json') =>
    `${API_BASE}/benchmarks/${id}/report${format === 'html' ? '?format=html' : ''}`,
};

/** Every write the dashboard makes. */
export const mutations = {
  createAutomation: (body: AutomationCreate) =>
    apiRequest<Automation>('POST', '/automations', body).then((r) => r.data),
  updateAutomation: (id: number, body: AutomationUpdate) =>
    apiRequest<Automation>('PUT', `/automations/${id}`, body).then((r) => r.data),
  deleteAutomation: (id: number, cascade = false) =>
    apiRequest<unknown>('DELETE', `/automations/${id}${cascade ? '?cascade=true' : ''}`).then(
      () => undefined,
    ),
  createScenario: (body: ScenarioCreate) =>
    apiRequest<Scenario>('POST', '/scenarios', body).then((r) => r.data),
  updateScenario: (id: number, body: ScenarioUpdate) =>
    apiRequest<Scenario>('PUT', `/scenarios/${id}`, body).then((r) => r.data),
  deleteScenario: (id: number, cascade = false) =>
    apiRequest<unknown>('DELETE', `/scenarios/${id}${cascade ? '?cascade=true' : ''}`).then(() => undefined),
  /** A read with a body: the estimate of run settings that need not be saved yet. */
  scheduleEstimate: (body: ScheduleEstimateRequest) =>
    apiRequest<ScheduleEstimate>('POST', '/scenarios/schedule-estimate', body).then((r) => r.data),
  setSchedule: (id: number, enabled: boolean) =>
    apiRequest<Scenario>('POST', `/scenarios/${id}/schedule`, { enabled }).then((r) => r.data),
  triggerRun: (scenarioId: number, inputsOverride?: Record<string, unknown>) => {
    const body: RunTriggerRequest = {
      scenario_id: scenarioId,
      ...(inputsOverride ? { inputs_override: inputsOverride } : {}),
      trigger: 'manual',
    };
    return apiRequest<Run>('POST', '/runs/trigger', body).then((r) => r.data);
  },
  cancelRun: (id: number) => apiRequest<Run>('POST', `/runs/${id}/cancel`).then((r) => r.data),
  createBenchmark: (body: BenchmarkCreate) =>
    apiRequest<CreatedBenchmark>('POST', '/benchmarks', body).then((r) => r.data),
  cancelBenchmark: (id: number) =>
    apiRequest<Benchmark>('POST', `/benchmarks/${id}/cancel`).then((r) => r.data),
  runBenchmarkDefinition: (id: number) =>
    apiRequest<CreatedBenchmark>('POST', `/benchmark-definitions/${id}/run`).then((r) => r.data),
  deleteBenchmarkDefinition: (id: number) =>
    apiRequest<unknown>('DELETE', `/benchmark-definitions/${id}`).then(() => undefined),
  rerunBenchmark: (id: number) =>
    apiRequest<Benchmark>('POST', `/benchmarks/${id}/rerun`).then((r) => r.data),
  createDataset: (body: DatasetCreate) => apiRequest<Dataset>('POST', '/datasets', body).then((r) => r.data),
  /** A file as multipart/form-data: `name`, `format` (inferred from the file name when empty), `file`. */
  uploadDataset: (form: FormData) => apiRequest<Dataset>('POST', '/datasets', form).then((r) => r.data),
  deleteDataset: (id: number, cascade = false) =>
    apiRequest<unknown>('DELETE', `/datasets/${id}${cascade ? '?cascade=true' : ''}`).then(() => undefined),
  cloneScenario: (id: number) => apiRequest<Scenario>('POST', `/scenarios/${id}/clone`).then((r) => r.data),
  acknowledgeAlert: (id: number) =>
    apiRequest<Alert>('POST', `/alerts/${id}/acknowledge`).then((r) => r.data),
  silenceAlert: (id: number, body: AlertSilence) =>
    apiRequest<Alert>('POST', `/alerts/${id}/silence`, body).then((r) => r.data),
  unsilenceAlert: (id: number) => apiRequest<Alert>('DELETE', `/alerts/${id}/silence`).then((r) => r.data),
};
