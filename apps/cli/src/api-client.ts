/**
 * The CLI's only way into tfbench: the public REST API over HTTP, for a remote server and
 * for the in-process one of a standalone run alike. Failures become CliErrors whose messages
 * say what was asked, of whom, and what came back.
 */
import type {
  Automation,
  AutomationCreate,
  Benchmark,
  BenchmarkCreate,
  BenchmarkDefinition,
  ConfigApplyRequest,
  ConfigDocumentInput,
  ConfigPlan,
  CreatedBenchmark,
  Scenario,
  ScenarioCreate,
} from '@tfbench/contract';
import { CliError } from './errors.js';

/** Largest page the API serves; the CLI pages through lists with it. */
const PAGE_SIZE = 1000;

export interface ApiClientOptions {
  /** e.g. `https://tfbench.example.com` (without /api/v1). */
  baseUrl: string;
  /** An API key (`tfb_…`), sent as a bearer token. */
  apiKey?: string;
}

export class ApiClient {
  private readonly base: string;

  constructor(private readonly options: ApiClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  get baseUrl(): string {
    return this.base;
  }

  listAutomations = () => this.listAll<Automation>('/automations');
  listScenarios = () => this.listAll<Scenario>('/scenarios');
  createAutomation = (body: AutomationCreate) => this.request<Automation>('POST', '/automations', body);
  updateAutomation = (id: number, body: Partial<AutomationCreate>) =>
    this.request<Automation>('PUT', `/automations/${id}`, body);
  createScenario = (body: ScenarioCreate) => this.request<Scenario>('POST', '/scenarios', body);
  updateScenario = (id: number, body: Partial<ScenarioCreate>) =>
    this.request<Scenario>('PUT', `/scenarios/${id}`, body);
  getScenario = (id: number) => this.request<Scenario>('GET', `/scenarios/${id}`);
  createBenchmark = (body: BenchmarkCreate) => this.request<CreatedBenchmark>('POST', '/benchmarks', body);
  listBenchmarkDefinitions = () => this.listAll<BenchmarkDefinition>('/benchmark-definitions');
  runBenchmarkDefinition = (id: number) =>
    this.request<CreatedBenchmark>('POST', `/benchmark-definitions/${id}/run`, {});
  getBenchmark = (id: number) => this.request<Benchmark>('GET', `/benchmarks/${id}`);
  cancelBenchmark = (id: number) => this.request<Benchmark>('POST', `/benchmarks/${id}/cancel`, {});
  /** The benchmark's report as one self-contained HTML page, rendered by the server. */
  getBenchmarkReportHtml = (id: number) =>
    this.requestText('GET', `/benchmarks/${id}/report?format=html`, undefined, 'text/html');
  exportConfig = () => this.request<ConfigDocumentInput>('GET', '/config/export');
  applyConfig = (body: ConfigApplyRequest) => this.request<ConfigPlan>('POST', '/config/apply', body);

  private async listAll<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let skip = 0; ; skip += PAGE_SIZE) {
      const page = await this.request<T[]>('GET', `${path}?skip=${skip}&limit=${PAGE_SIZE}`);
      items.push(...page);
      if (page.length < PAGE_SIZE) return items;
    }
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const text = await this.requestText(method, path, body);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The response body as text; a refusal or an unreachable server is a CliError. */
  async requestText(
    method: string,
    path: string,
    body?: unknown,
    accept = 'application/json',
  ): Promise<string> {
    const url = `${this.base}/api/v1${path}`;
    const headers: Record<string, string> = { accept };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new CliError(`cannot reach the tfbench server at ${this.base}: ${networkReason(error)}`);
    }
    const text = await response.text();
    if (response.ok) return text;
    throw new ApiRefusal(
      this.refusal(method, path, response.status, text),
      response.status,
      fieldIssues(parseEnvelope(text)?.details),
    );
  }

  /**
   * Open a long-lived response (Server-Sent Events) and return it once its status is OK; a
   * refusal or an unreachable server is the same CliError as for any request.
   */
  async openStream(path: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
    const url = `${this.base}/api/v1${path}`;
    const all: Record<string, string> = { accept: 'text/event-stream', ...headers };
    if (this.options.apiKey) all.authorization = `Bearer ${this.options.apiKey}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: all, signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new CliError(`cannot reach the tfbench server at ${this.base}: ${networkReason(error)}`);
    }
    if (response.ok) return response;
    throw new CliError(this.refusal('GET', path, response.status, await response.text()));
  }

  private refusal(method: string, path: string, status: number, text: string): string {
    const envelope = parseEnvelope(text);
    const said = envelope
      ? `${envelope.code}: ${envelope.message}${detailsOf(envelope.details)}`
      : text.slice(0, 200);
    if (status === 401 || status === 403) {
      const hint = this.options.apiKey
        ? 'check the key in TFBENCH_API_KEY and its role (creating benchmarks needs runner, configuration editor)'
        : 'set TFBENCH_API_KEY to an API key of this server';
      return `the tfbench server at ${this.base} refused the request (HTTP ${status} ${said}): ${hint}`;
    }
    return `${method} /api/v1${path.split('?')[0]} failed: HTTP ${status} ${said}`;
  }
}

/** The server said no: the status, and the fields its error named (a 400's details). */
export class ApiRefusal extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: ReadonlyArray<{ field: string; message: string }>,
  ) {
    super(message);
  }
}

function fieldIssues(details: unknown): Array<{ field: string; message: string }> {
  if (!Array.isArray(details)) return [];
  return details
    .filter((d): d is { field: string; message?: string } => typeof d?.field === 'string')
    .map((d) => ({ field: d.field, message: d.message ?? '' }));
}

interface Envelope {
  code: string;
  message: string;
  details: unknown;
}

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const body = JSON.parse(text) as { error?: Envelope };
    return body.error && typeof body.error.code === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
}

/** The fields a 400 names, e.g. ` (iterations: must be a whole number from 1 to 100000)`. */
function detailsOf(details: unknown): string {
  const fields = fieldIssues(details).map((d) => (d.message ? `${d.field}: ${d.message}` : d.field));
  return fields.length > 0 ? ` (${fields.join('; ')})` : '';
}

/** Node's fetch hides the socket error in `cause`: ECONNREFUSED says more than "fetch failed". */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
