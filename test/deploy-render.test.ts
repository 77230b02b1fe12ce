/**
 * render.yaml, the Render Blueprint: parsed, checked against a schema of the fields it uses
 * (written from Render's Blueprint reference), and checked for what the deployment promises:
 * the original's five services, wired by reference, the TinyFish key as a secret to fill in,
 * and an environment per service that tfbench's own config accepts.
 */
import { loadConfig } from '@tfbench/core/config';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { npmRunScripts, readYaml, rootScripts } from './deploy-support.js';

const envVar = z.union([
  z.strictObject({ key: z.string().regex(/^[A-Z_][A-Z0-9_]*$/), value: z.string() }),
  z.strictObject({ key: z.string(), sync: z.literal(false) }),
  z.strictObject({ key: z.string(), generateValue: z.literal(true) }),
  z.strictObject({
    key: z.string(),
    fromDatabase: z.strictObject({
      name: z.string(),
      property: z.enum(['connectionString', 'host', 'port', 'user', 'password', 'database']),
    }),
  }),
  z.strictObject({
    key: z.string(),
    fromService: z.union([
      z.strictObject({
        type: z.enum(['web', 'pserv', 'worker', 'keyvalue', 'redis']),
        name: z.string(),
        property: z.enum(['host', 'port', 'hostport', 'connectionString']),
      }),
      z.strictObject({ type: z.enum(['web', 'pserv', 'worker']), name: z.string(), envVarKey: z.string() }),
    ]),
  }),
  z.strictObject({ fromGroup: z.string() }),
]);
type EnvVar = z.infer<typeof envVar>;

const plan = z.enum(['free', 'starter', 'standard', 'pro', 'pro plus', 'pro max', 'pro ultra']);
const codeService = {
  name: z.string(),
  runtime: z.enum(['node', 'docker']),
  plan,
  buildCommand: z.string(),
  startCommand: z.string(),
  envVars: z.array(envVar),
};
const service = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('web'),
    ...codeService,
    healthCheckPath: z.string().startsWith('/'),
    preDeployCommand: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('worker'),
    ...codeService,
    maxShutdownDelaySeconds: z.number().int().min(1).max(300).optional(),
  }),
  z.strictObject({
    type: z.literal('keyvalue'),
    name: z.string(),
    plan,
    // Render requires it; [] allows only connections from the workspace's services.
    ipAllowList: z.array(z.strictObject({ source: z.string(), description: z.string() })),
    maxmemoryPolicy: z.enum([
      'noeviction',
      'allkeys-lru',
      'volatile-lru',
      'allkeys-random',
      'volatile-random',
      'volatile-ttl',
      'allkeys-lfu',
      'volatile-lfu',
    ]),
  }),
]);
const blueprint = z.strictObject({
  envVarGroups: z.array(z.strictObject({ name: z.string(), envVars: z.array(envVar) })).optional(),
  databases: z.array(
    z.strictObject({
      name: z.string(),
      databaseName: z.string().regex(/^[a-z_][a-z0-9_]*$/),
      user: z.string().regex(/^[a-z_][a-z0-9_]*$/),
      plan: z.string(),
      postgresMajorVersion: z.string().regex(/^\d+$/),
      ipAllowList: z.array(z.strictObject({ source: z.string(), description: z.string() })).optional(),
    }),
  ),
  services: z.array(service),
});
type Blueprint = z.infer<typeof blueprint>;

const parsed = blueprint.safeParse(readYaml('render.yaml'));
const spec: Blueprint = parsed.success ? parsed.data : { databases: [], services: [] };

function serviceNamed(name: string) {
  const found = spec.services.find((s) => s.name === name);
  if (!found) throw new Error(`render.yaml has no service ${name}`);
  return found;
}

/** A service's variables with env groups expanded, as Render assembles them. */
function variablesOf(name: string): Map<string, EnvVar> {
  const found = serviceNamed(name);
  const out = new Map<string, EnvVar>();
  if (!('envVars' in found)) return out;
  for (const entry of found.envVars) {
    if ('fromGroup' in entry) {
      const group = spec.envVarGroups?.find((g) => g.name === entry.fromGroup);
      for (const inner of group?.envVars ?? []) if ('key' in inner) out.set(inner.key, inner);
    } else {
      out.set(entry.key, entry);
    }
  }
  return out;
}

/** The environment Render would start a service with, references filled with plausible values. */
function simulatedEnvironment(name: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, entry] of variablesOf(name)) {
    if ('value' in entry) env[key] = entry.value;
    else if ('fromDatabase' in entry) env[key] = 'postgresql://tfbench:secret@dpg-abc123-a:5432/tfbench';
    else if ('fromService' in entry && 'property' in entry.fromService) {
      env[key] =
        entry.fromService.property === 'connectionString'
          ? 'redis://red-abc123:6379'
          : entry.fromService.property === 'hostport'
            ? 'benchmarking-api-abc1:10000'
            : 'benchmarking-api-abc1';
    } else if ('generateValue' in entry) {
      // Render generates base64; the api's start command keeps a key's letters and digits after tfb_.
      const generated = 'q3Vx+9TzL0pW/hR2mY8nB4cK6sJ1dF7gA5eX0oIu=';
      env[key] =
        key === 'TFBENCH_BOOTSTRAP_API_KEY' ? `tfb_${generated.replace(/[^A-Za-z0-9]/g, '')}` : generated;
    }
  }
  return env;
}

describe('render.yaml', () => {
  it('parses and matches the Blueprint schema of the fields it uses', () => {
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('declares the original five services with their kinds', () => {
    expect(spec.databases.map((d) => d.name)).toEqual(['benchmarking-db']);
    expect(Object.fromEntries(spec.services.map((s) => [s.name, s.type]))).toEqual({
      'benchmarking-redis': 'keyvalue',
      'benchmarking-api': 'web',
      'benchmarking-worker': 'worker',
      'benchmarking-web': 'web',
    });
    expect(new Set(spec.services.map((s) => s.name)).size).toBe(spec.services.length);
  });

  it('resolves every reference to a resource of the blueprint', () => {
    const databases = new Set(spec.databases.map((d) => d.name));
    const groups = new Set(spec.envVarGroups?.map((g) => g.name));
    const entries = [
      ...spec.services.flatMap((s) => ('envVars' in s ? s.envVars : [])),
      ...(spec.envVarGroups ?? []).flatMap((g) => g.envVars),
    ];
    for (const entry of entries) {
      if ('fromDatabase' in entry) expect(databases.has(entry.fromDatabase.name), entry.key).toBe(true);
      if ('fromGroup' in entry) expect(groups.has(entry.fromGroup)).toBe(true);
      if ('fromService' in entry) {
        const target = spec.services.find((s) => s.name === entry.fromService.name);
        expect(target?.type, entry.key).toBe(entry.fromService.type);
      }
    }
  });

  it('wires the database and Redis into the api and the worker', () => {
    for (const name of ['benchmarking-api', 'benchmarking-worker']) {
      const vars = variablesOf(name);
      expect(vars.get('DATABASE_URL'), name).toEqual({
        key: 'DATABASE_URL',
        fromDatabase: { name: 'benchmarking-db', property: 'connectionString' },
      });
      expect(vars.get('REDIS_URL'), name).toEqual({
        key: 'REDIS_URL',
        fromService: { type: 'keyvalue', name: 'benchmarking-redis', property: 'connectionString' },
      });
      expect(vars.has('TINYFISH_MOCK_MODE'), name).toBe(true);
    }
    const redis = serviceNamed('benchmarking-redis');
    expect(redis.type === 'keyvalue' && redis.maxmemoryPolicy).toBe('noeviction');
  });

  it('points the dashboard at the api by reference and gives it nothing secret', () => {
    const web = serviceNamed('benchmarking-web');
    const vars = variablesOf('benchmarking-web');
    const [hostportKey, hostport] =
      [...vars.entries()].find(([, v]) => 'fromService' in v && v.fromService.name === 'benchmarking-api') ??
      [];
    expect(hostport).toMatchObject({ fromService: { type: 'web', property: 'hostport' } });
    // hostport has no scheme; the start command turns it into the API_URL the dashboard reads.
    const startCommand = 'startCommand' in web ? web.startCommand : '';
    expect(startCommand).toContain(`API_URL="http://$${hostportKey}"`);
    for (const secret of ['DATABASE_URL', 'REDIS_URL', 'TINYFISH_API_KEY'])
      expect(vars.has(secret)).toBe(false);
  });

  it('leaves the TinyFish key as a secret to fill in, held by the worker alone', () => {
    expect(variablesOf('benchmarking-worker').get('TINYFISH_API_KEY')).toEqual({
      key: 'TINYFISH_API_KEY',
      sync: false,
    });
    for (const name of ['benchmarking-api', 'benchmarking-web']) {
      expect(variablesOf(name).has('TINYFISH_API_KEY'), name).toBe(false);
    }
  });

  it('generates the secret key and the bootstrap secrets, and gives the dashboard none of them', () => {
    const api = variablesOf('benchmarking-api');
    for (const key of [
      'TFBENCH_SECRET_KEY',
      'TFBENCH_BOOTSTRAP_API_KEY',
      'TFBENCH_BOOTSTRAP_ADMIN_PASSWORD',
    ]) {
      expect(api.get(key), key).toEqual({ key, generateValue: true });
    }
    expect(variablesOf('benchmarking-worker').get('TFBENCH_SECRET_KEY')).toEqual({
      key: 'TFBENCH_SECRET_KEY',
      fromService: { type: 'web', name: 'benchmarking-api', envVarKey: 'TFBENCH_SECRET_KEY' },
    });
    const web = variablesOf('benchmarking-web');
    for (const key of [
      'TFBENCH_SECRET_KEY',
      'TFBENCH_BOOTSTRAP_API_KEY',
      'TFBENCH_BOOTSTRAP_ADMIN_PASSWORD',
    ]) {
      expect(web.has(key), key).toBe(false);
    }
    // A generated value is base64; the api's start command makes it a tfb_ key.
    const start = serviceNamed('benchmarking-api');
    expect('startCommand' in start && start.startCommand).toMatch(/TFBENCH_BOOTSTRAP_API_KEY="tfb_/);
  });

  it('gives each service an environment tfbench accepts', () => {
    const api = loadConfig(simulatedEnvironment('benchmarking-api'));
    expect(api.database.kind).toBe('postgres');
    expect(api.redisUrl).toBeDefined();
    expect(api.api).toMatchObject({ host: '0.0.0.0', port: 10000 });
    expect(api.engine.embeddedWorker).toBe(false);
    const worker = loadConfig(simulatedEnvironment('benchmarking-worker'));
    expect(worker.database.kind).toBe('postgres');
    expect(worker.redisUrl).toBeDefined();
    expect(worker.tinyfish.mockMode).toBe(api.tinyfish.mockMode);
    const web = simulatedEnvironment('benchmarking-web');
    expect(Number(web.WEB_PORT)).toBe(10000);
  });

  it('runs only npm scripts that exist', () => {
    const scripts = rootScripts();
    for (const s of spec.services) {
      if (!('buildCommand' in s)) continue;
      const commands = [
        s.buildCommand,
        s.startCommand,
        'preDeployCommand' in s ? (s.preDeployCommand ?? '') : '',
      ];
      for (const command of commands) {
        for (const { script, workspace } of npmRunScripts(command)) {
          if (workspace === undefined) expect(scripts[script], `${s.name}: npm run ${script}`).toBeDefined();
        }
      }
      expect(s.buildCommand, s.name).toMatch(/^npm ci --include=dev && /);
    }
  });
});
