/**
 * An automation's upstream base URL (`config.base_url`) goes through the same outbound guard
 * as webhook URLs: http(s) only, and no loopback, private, link-local or metadata address
 * unless TFBENCH_ALLOWED_OUTBOUND_HOSTS lists the host; refused at save time with a 400 that
 * names the field, on create and on update. One exception: while the API binds loopback
 * (the local default), loopback upstreams — local LLM servers — are allowed unlisted.
 */
import { loadConfig } from '@tfbench/core/config';
import { describeEachDatabase } from '@tfbench/core/testing';
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { expectErrorEnvelope, fieldsOf, useApp } from './helpers.js';

const ADMIN_KEY = `tfb_${'u'.repeat(40)}`;

/** POST JSON as the bootstrap admin. */
function postJson(app: FastifyInstance, url: string, payload: object) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    payload,
  });
}

/** The bootstrap admin's app, with `env` on top of mock mode. */
function adminConfig(env: Record<string, string>) {
  return loadConfig({
    TINYFISH_MOCK_MODE: 'true',
    LOG_LEVEL: 'silent',
    TFBENCH_BOOTSTRAP_API_KEY: ADMIN_KEY,
    ...env,
  });
}

const REFUSED = [
  'http://169.254.169.254/latest/meta-data/',
  'http://127.0.0.1:6379/',
  'http://[::1]:8000/',
  'http://localhost:8787/',
  'http://2130706433/',
  'file:///etc/passwd',
  'gopher://127.0.0.1:6379/_FLUSHALL',
];

describeEachDatabase('automation config.base_url on a non-loopback bind', (getDb) => {
  const app = useApp(
    getDb,
    adminConfig({ API_HOST: '0.0.0.0', TFBENCH_ALLOWED_OUTBOUND_HOSTS: '10.0.0.5' }),
    { eachTest: true },
  );

  it('refuses non-http(s) schemes and internal addresses on create, naming the field', async () => {
    for (const [i, url] of REFUSED.entries()) {
      const response = await postJson(app(), '/api/v1/automations', {
        name: `ssrf ${i}`,
        config: { base_url: url },
      });
      expect(response.statusCode, url).toBe(400);
      const error = expectErrorEnvelope(response);
      expect(
        fieldsOf(error.details).every((f) => /(^|\.)config\.base_url$/.test(f)),
        url,
      ).toBe(true);
    }
  });

  it('refuses them on update too, and accepts public and allowlisted hosts', async () => {
    const created = await postJson(app(), '/api/v1/automations', {
      name: 'upstream',
      config: { base_url: 'https://agent.tinyfish.ai' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const update = (base_url: string) =>
      app().inject({
        method: 'PUT',
        url: `/api/v1/automations/${id}`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
        payload: { config: { base_url } },
      });
    const refused = await update('http://169.254.169.254/');
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(expectErrorEnvelope(refused).details)).toMatch(/link-local/);
    expect((await update('http://10.0.0.5:8787')).statusCode).toBe(200);
  });

  it("checks config and default_inputs by the provider's schemas when saved, naming the field", async () => {
    const bad = await postJson(app(), '/api/v1/automations', {
      name: 'bad inputs',
      default_inputs: { browser_profile: 'turbo', proxy_config: { country_code: 'US' } },
      config: { mode: 'sse', base_url: 'https://agent.tinyfish.ai', extra: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(expectErrorEnvelope(bad).details).sort()).toEqual([
      'body.default_inputs.browser_profile',
      'body.default_inputs.proxy_config.enabled',
    ]);
    const good = await postJson(app(), '/api/v1/automations', {
      name: 'good inputs',
      default_inputs: { url: 'https://example.com', browser_profile: 'stealth', model: 'kept' },
    });
    expect(good.statusCode).toBe(201);
    // An update is checked by the stored provider's schemas.
    const update = await app().inject({
      method: 'PUT',
      url: `/api/v1/automations/${good.json().id}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      payload: { default_inputs: { webhook_url: 'http://plain.example.com' } },
    });
    expect(update.statusCode).toBe(400);
    expect(fieldsOf(expectErrorEnvelope(update).details)).toEqual(['body.default_inputs.webhook_url']);
  });
});

describeEachDatabase('automation config.base_url on a loopback bind', (getDb) => {
  const app = useApp(getDb, adminConfig({ API_HOST: '127.0.0.1' }), { eachTest: true });

  it('accepts loopback upstreams unlisted: the exact local vLLM request, [::1] and localhost', async () => {
    const exact = await postJson(app(), '/api/v1/automations', {
      name: 'local vLLM',
      provider: 'openai',
      config: { base_url: 'http://127.0.0.1:8000/v1', api_key: 'sk-local-test' },
      default_inputs: { model: 'my-model' },
    });
    expect(exact.statusCode, exact.body).toBe(201);
    expect(exact.body).not.toContain('sk-local-test');
    for (const [i, url] of ['http://[::1]:8000/v1', 'http://localhost:11434/v1'].entries()) {
      const response = await postJson(app(), '/api/v1/automations', {
        name: `loopback ${i}`,
        provider: 'openai',
        config: { base_url: url },
        default_inputs: { model: 'm' },
      });
      expect(response.statusCode, url).toBe(201);
    }
  });

  it('still refuses private, link-local (metadata) and unspecified addresses and other schemes', async () => {
    for (const [i, url] of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5:8000/v1',
      'http://192.168.1.10/v1',
      'http://0.0.0.0:8000/v1',
      'gopher://127.0.0.1:6379/_FLUSHALL',
    ].entries()) {
      const response = await postJson(app(), '/api/v1/automations', {
        name: `private ${i}`,
        config: { base_url: url },
      });
      expect(response.statusCode, url).toBe(400);
      expect(fieldsOf(expectErrorEnvelope(response).details), url).toEqual(['body.config.base_url']);
    }
  });
});
