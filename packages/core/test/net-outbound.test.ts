/**
 * The outbound guard: save-time URL checks, delivery-time checks of resolved addresses (with
 * an injected resolver, so a name can resolve to loopback without touching /etc/hosts),
 * redirects not followed, and signed deliveries verified by a real loopback receiver.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/index.js';
import {
  blockedAddressReason,
  OutboundBlockedError,
  outboundUrlProblem,
  SIGNATURE_HEADER,
  STRICT_OUTBOUND_POLICY,
  sendOutbound,
  signWebhookBody,
  verifyWebhookSignature,
} from '../src/net/index.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function receiver(status = 200, headers: Record<string, string> = {}) {
  const received: Received[] = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(status, headers).end('ok');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, received };
}

describe('blockedAddressReason', () => {
  it('refuses loopback, private, link-local, CGNAT, metadata, multicast and unspecified, v4 and v6', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ]) {
      expect(blockedAddressReason(address), address).not.toBeNull();
    }
    expect(blockedAddressReason('::ffff:127.0.0.1')).toBe('a loopback address');
    expect(blockedAddressReason('8.8.8.8')).toBeNull();
    expect(blockedAddressReason('2001:4860:4860::8888')).toBeNull();
  });
});

describe('outboundUrlProblem (save time)', () => {
  it('refuses the measured attacks: a loopback admin URL, file:// and gopher://', () => {
    expect(outboundUrlProblem('http://127.0.0.1:8000/internal/admin?x=1', STRICT_OUTBOUND_POLICY)).toBe(
      'points at 127.0.0.1, a loopback address; add the host to TFBENCH_ALLOWED_OUTBOUND_HOSTS to allow it',
    );
    expect(outboundUrlProblem('file:///etc/passwd', STRICT_OUTBOUND_POLICY)).toBe(
      'must be an http(s) URL; file: is not allowed',
    );
    expect(outboundUrlProblem('gopher://127.0.0.1:6379/_FLUSHALL', STRICT_OUTBOUND_POLICY)).toBe(
      'must be an http(s) URL; gopher: is not allowed',
    );
  });

  it('sees through other spellings of local addresses and names', () => {
    for (const url of [
      'http://localhost:9/x',
      'http://api.localhost/x',
      'http://[::1]/x',
      'http://[::ffff:7f00:1]/x',
      'http://2130706433/x',
      'http://0x7f.1/x',
      'http://169.254.169.254/latest/meta-data',
    ]) {
      expect(outboundUrlProblem(url, STRICT_OUTBOUND_POLICY), url).toMatch(/^points at /);
    }
    expect(outboundUrlProblem('https://hooks.slack.com/services/T/B/X', STRICT_OUTBOUND_POLICY)).toBeNull();
    expect(outboundUrlProblem('http://127.0.0.1:8000/x', { allowedHosts: ['127.0.0.1'] })).toBeNull();
    expect(outboundUrlProblem('http://localhost:8000/x', { allowedHosts: ['localhost'] })).toBeNull();
  });
});

describe('configuration', () => {
  it('parses TFBENCH_ALLOWED_OUTBOUND_HOSTS and refuses a bad one or a blocked ALERT_WEBHOOK_URL in one line', () => {
    expect(
      loadConfig({ TFBENCH_ALLOWED_OUTBOUND_HOSTS: ' Hooks.Internal, 10.0.0.5 ,[::1]' }).outbound
        .allowedHosts,
    ).toEqual(['hooks.internal', '10.0.0.5', '::1']);
    expect(loadConfig({}).outbound.allowedHosts).toEqual([]);
    expect(() => loadConfig({ TFBENCH_ALLOWED_OUTBOUND_HOSTS: 'http://x.example' })).toThrow(
      /^TFBENCH_ALLOWED_OUTBOUND_HOSTS="http:\/\/x.example" is invalid: must be comma-separated host names/,
    );
    const blocked = () => loadConfig({ ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/secret-path' });
    expect(blocked).toThrow(ConfigError);
    expect(blocked).toThrow(
      'ALERT_WEBHOOK_URL="***" is invalid: points at 127.0.0.1, a loopback address; add the host to TFBENCH_ALLOWED_OUTBOUND_HOSTS to allow it',
    );
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: 'file:///etc/passwd' })).toThrow(
      /^ALERT_WEBHOOK_URL=.*http\(s\)/,
    );
    expect(
      loadConfig({ ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/x', TFBENCH_ALLOWED_OUTBOUND_HOSTS: '127.0.0.1' })
        .alerts.webhookUrl,
    ).toBe('http://127.0.0.1:9/x');
    expect(() => loadConfig({ TFBENCH_WEBHOOK_SECRET: 'short' })).toThrow(/at least 16 characters/);
  });
});

/** A bodiless GET of `url` under `policy`, its name resolved by `resolve` when one is given. */
function getOutbound(
  url: string,
  policy: Parameters<typeof sendOutbound>[0]['policy'],
  resolve?: Parameters<typeof sendOutbound>[0]['resolve'],
) {
  return sendOutbound({
    url,
    method: 'GET',
    headers: {},
    timeoutMs: 2_000,
    policy,
    ...(resolve ? { resolve } : {}),
  });
}

describe('sendOutbound (delivery time)', () => {
  it('refuses a name that resolves to 127.0.0.1, and never connects', async () => {
    const { port, received } = await receiver();
    const attempt = sendOutbound({
      url: `http://hooks.example.test:${port}/x`,
      method: 'POST',
      headers: {},
      body: '{}',
      timeoutMs: 2_000,
      policy: STRICT_OUTBOUND_POLICY,
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    await expect(attempt).rejects.toThrow(
      /hooks\.example\.test resolves to 127\.0\.0\.1, a loopback address/,
    );
    await expect(attempt).rejects.toBeInstanceOf(OutboundBlockedError);
    expect(received).toHaveLength(0);
  });

  it('refuses a name with one blocked address among public ones (no rebinding by order)', async () => {
    await expect(
      getOutbound('http://mixed.example.test/x', STRICT_OUTBOUND_POLICY, async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.1', family: 4 },
      ]),
    ).rejects.toThrow(/resolves to 10\.0\.0\.1, a private address/);
  });

  it('refuses a literal blocked address without resolving', async () => {
    await expect(getOutbound('http://[::ffff:127.0.0.1]:9/x', STRICT_OUTBOUND_POLICY)).rejects.toThrow(
      /is a loopback address/,
    );
  });

  it('connects to the checked address of an allowlisted name, and does not follow redirects', async () => {
    const { port, received } = await receiver(302, { location: 'http://169.254.169.254/' });
    const response = await sendOutbound({
      url: `http://hooks.internal:${port}/x`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
      timeoutMs: 2_000,
      policy: { allowedHosts: ['hooks.internal'] },
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    expect(response.status).toBe(302);
    expect(received).toEqual([expect.objectContaining({ body: '{"a":1}' })]);
  });
});

describe('webhook signatures', () => {
  it('signs t.body with HMAC-SHA256 and verifies only the exact body and secret', () => {
    const header = signWebhookBody('0123456789abcdef', '{"text":"hi"}', 1_767_225_600);
    expect(header).toMatch(/^t=1767225600,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('0123456789abcdef', '{"text":"hi"}', header)).toBe(true);
    expect(verifyWebhookSignature('0123456789abcdef', '{"text":"ho"}', header)).toBe(false);
    expect(verifyWebhookSignature('another-secret-16', '{"text":"hi"}', header)).toBe(false);
    expect(verifyWebhookSignature('0123456789abcdef', '{"text":"hi"}', 'garbage')).toBe(false);
    expect(SIGNATURE_HEADER).toBe('x-tfbench-signature');
  });
});

describe('allowLoopback (an API bound to loopback, for local LLM servers)', () => {
  const local = { allowedHosts: [], allowLoopback: true };

  it('lets loopback addresses and local names through, nothing else', () => {
    for (const url of ['http://127.0.0.1:8000/v1', 'http://[::1]:8000/v1', 'http://localhost:11434/v1']) {
      expect(outboundUrlProblem(url, local), url).toBeNull();
    }
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5/v1',
      'http://[fd00::1]/v1',
      'http://0.0.0.0:8000/v1',
      'http://100.64.0.1/v1',
    ]) {
      expect(outboundUrlProblem(url, local), url).toMatch(/TFBENCH_ALLOWED_OUTBOUND_HOSTS/);
    }
    expect(outboundUrlProblem('http://127.0.0.1:8000/v1', STRICT_OUTBOUND_POLICY)).toMatch(/loopback/);
  });

  it('still refuses a name resolving to a private address when sent', async () => {
    await expect(
      getOutbound('http://llm.example/v1', local, async () => [{ address: '10.1.2.3', family: 4 }]),
    ).rejects.toBeInstanceOf(OutboundBlockedError);
  });
});
