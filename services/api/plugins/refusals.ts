import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import type { CoreContext } from '../../app/context';
import { actorLabel } from '../../core/actor';

const REFUSED = new Set([401, 403, 429]);
const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function errorOf(payload: unknown): { code: string; message: string } {
  try {
    const body = JSON.parse(String(payload)) as { error?: { code?: unknown; message?: unknown } };
    return { code: String(body.error?.code ?? 'refused'), message: String(body.error?.message ?? '') };
  } catch {
    return { code: 'refused', message: '' };
  }
}

/** What a refused request was aimed at, resolved to the id the target's audit trail is kept under. */
async function targetOf(ctx: CoreContext, request: FastifyRequest, route: string): Promise<{ targetType: string; targetId: string }> {
  const params = (request.params ?? {}) as { ref?: string; id?: string };
  if (route.startsWith('/api/clusters/:ref') && params.ref) {
    const cluster = await ctx.repos.clusters.find(params.ref).catch(() => null);
    return { targetType: 'cluster', targetId: cluster?.id ?? params.ref };
  }
  if (route.startsWith('/api/teams/:ref') && params.ref) {
    const team = await ctx.repos.teams.find(params.ref).catch(() => null);
    return { targetType: 'team', targetId: team?.id ?? params.ref };
  }
  if (route.startsWith('/api/operations/:id') && params.id) return { targetType: 'operation', targetId: params.id };
  if (route.startsWith('/api/campaigns/:id') && params.id) return { targetType: 'campaign', targetId: params.id };
  return { targetType: 'api', targetId: route };
}

/**
 * Refused requests leave a trace: every 401, 403 and 429 counts on /metrics by status and reason,
 * and every refused mutation (401/403) writes an audit event naming who tried what, on what, and why.
 */
export function registerRefusals(app: FastifyInstance, ctx: CoreContext, registry: Registry): void {
  const refusals = new Counter({
    name: 'datafleet_http_refusals_total',
    help: 'Requests refused: unauthenticated (401), forbidden (403) or rate limited (429), by reason',
    labelNames: ['status', 'reason'],
    registers: [registry],
  });
  // In onSend, before the answer leaves: a client told "refused" finds the refusal in the trail.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!REFUSED.has(reply.statusCode)) return payload;
    const refusal = errorOf(payload);
    refusals.inc({ status: String(reply.statusCode), reason: refusal.code });
    if (reply.statusCode === 429 || !MUTATIONS.has(request.method)) return payload;
    const route = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    try {
      const target = await targetOf(ctx, request, route);
      await ctx.repos.audit.record({
        actor: request.actor ? actorLabel(request.actor) : `anonymous@${request.ip}`,
        action: `refused ${request.method} ${route}`,
        ...target,
        reason: refusal.message,
        after: { status: reply.statusCode, code: refusal.code },
      });
    } catch (error) {
      request.log.warn({ err: error }, 'could not record a refused request in the audit trail');
    }
    return payload;
  });
}
