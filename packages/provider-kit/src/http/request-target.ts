import { urlToHttpOptions } from 'node:url';

/** A URL already turned into node:http request options, for endpoints requested again and again. */
export interface RequestTarget {
  readonly protocol: string;
  /** user:password from the URL, sent as basic auth as node does for a URL. */
  readonly auth: string | undefined;
  readonly hostname: string;
  readonly port: string | number | undefined;
  readonly path: string;
}

/** The request options of `url`, computed once (node would otherwise redo it per request). */
export function requestTarget(url: URL): RequestTarget {
  const options = urlToHttpOptions(url);
  return {
    protocol: url.protocol,
    auth: options.auth ?? undefined,
    hostname: options.hostname ?? url.hostname,
    port: options.port ?? undefined,
    path: options.path ?? '/',
  };
}
