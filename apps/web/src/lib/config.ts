/**
 * The web app's configuration, parsed once from the environment. This is the only module of
 * apps/web that reads `process.env`, and it is server-only: the browser never needs the API's
 * address because it talks to this app's own `/api/*` proxy.
 */
import { z } from 'zod';

const port = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const schema = z.object({
  API_PORT: port.default(8000),
  API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:8000' })
    .optional(),
  WEB_HOST: z.string().optional(),
});

/** Where the proxy sends `/api/*` requests. */
export interface WebConfig {
  /** Base URL of the tfbench API, without a trailing slash. */
  apiUrl: string;
  /**
   * True only when this server was started on a loopback address (WEB_HOST, as our launchers
   * set it): then every browser it serves runs on this machine. Unset or anything else counts
   * as reachable from the network.
   */
  loopbackOnly: boolean;
}

let cached: WebConfig | undefined;

/**
 * Reads the configuration on first use and caches it. The API address follows the same rule
 * as the API's own config: `API_URL`, else `http://localhost:${API_PORT}`.
 *
 * @example
 * getWebConfig().apiUrl; // 'http://localhost:8000'
 */
export function getWebConfig(): WebConfig {
  if (cached) return cached;
  const parsed = schema.safeParse({
    API_PORT: process.env.API_PORT,
    API_URL: process.env.API_URL,
    WEB_HOST: process.env.WEB_HOST,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new Error(`Invalid ${variable}: ${issue?.message ?? 'invalid value'}`);
  }
  const apiUrl = (parsed.data.API_URL ?? `http://localhost:${parsed.data.API_PORT}`).replace(/\/+$/, '');
  cached = { apiUrl, loopbackOnly: isLoopbackAddress(parsed.data.WEB_HOST) };
  return cached;
}

function isLoopbackAddress(host: string | undefined): boolean {
  if (host === undefined) return false;
  const h = host.trim().toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127(\.\d{1,3}){3}$/.test(h);
}
