/**
 * The audit trail of the API: after each successful write, an entry with the principal's
 * actor, the client address, the action and its target (see `auditAction`). Recorded after the
 * answer is sent, so it never delays one; a failure to record is logged. Entries past the
 * retention period are deleted at start and every hour.
 */
import { auditAction, pruneAudit, recordAudit } from '@tfbench/core/auth';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The id of what a create made, read from its answer, for the audit entry's target. */
    createdId: number | null;
  }
}

const PRUNE_INTERVAL_MS = 60 * 60_000;

async function auditPlugin(app: FastifyInstance, { deps }: { deps: AppDeps }): Promise<void> {
  const core = { db: deps.db };
  app.decorateRequest('createdId', null);

  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode === 201 && typeof payload === 'string') request.createdId = createdIdOf(payload);
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 400) return;
    const described = auditAction(request.method, request.routeOptions.url ?? '', paramsOf(request));
    if (!described) return;
    const collection = (request.routeOptions.url ?? '').split('/')[3];
    const target =
      described.target ?? (request.createdId === null ? null : `${collection}/${request.createdId}`);
    await record(app, deps, { ...described, target, status: reply.statusCode }, request);
  });

  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    const prune = () =>
      pruneAudit(core, deps.config.auth.auditRetentionDays).catch((error: unknown) =>
        app.log.warn({ err: error }, 'pruning the audit log failed'),
      );
    await prune();
    timer = setInterval(prune, PRUNE_INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}

/** Records an entry for `request`'s principal; never throws (the answer is sent already). */
export async function record(
  app: FastifyInstance,
  deps: AppDeps,
  entry: { action: string; target: string | null; status: number },
  request: FastifyRequest,
  actor = request.principal?.actor ?? 'anonymous',
): Promise<void> {
  try {
    await recordAudit({ db: deps.db }, { ...entry, actor, ip: request.ip ?? null });
  } catch (error) {
    app.log.warn({ err: error, action: entry.action }, 'recording an audit entry failed');
  }
}

function paramsOf(request: FastifyRequest): Record<string, unknown> {
  return typeof request.params === 'object' && request.params !== null
    ? (request.params as Record<string, unknown>)
    : {};
}

function createdIdOf(payload: string): number | null {
  try {
    const body = JSON.parse(payload) as { id?: unknown; user?: { id?: unknown } };
    const id = body.id ?? body.user?.id;
    return typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}

export const auditTrail = fp(auditPlugin, { name: 'tfbench-audit', dependencies: ['tfbench-auth'] });
