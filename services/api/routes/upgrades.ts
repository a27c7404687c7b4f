import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { CoreContext } from '../../app/context';
import type { ClusterService } from '../../fleet/cluster-service';
import type { UpgradeService } from '../../upgrades/upgrade-service';
import { errorResponses, IdOrName, PlainText } from '../schemas/common';
import { InstanceTypeName, KernelVersion, VersionText, WorkloadName } from '../schemas/fields';
import { OperationJson } from '../schemas/operation';
import { operationJson } from '../presenters';

const UpgradeBody = Type.Object(
  {
    toVersion: Type.Optional(VersionText('one of the upgrade paths from the running version (GET /api/engines)')),
    instanceType: Type.Optional(InstanceTypeName),
    kernelVersion: Type.Optional(KernelVersion),
    force: Type.Optional(Type.Boolean({ description: 'run outside the maintenance window' })),
    reason: Type.Optional(PlainText({ maxLength: 500 })),
    workloads: Type.Optional(Type.Array(WorkloadName, { minItems: 1, maxItems: 10, uniqueItems: true })),
    benchmarkSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
    thresholdPercent: Type.Optional(Type.Number({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

/** Benchmark-gated upgrades of one cluster, and the before/after comparison behind each decision. */
export async function upgradeRoutes(
  app: Api,
  opts: { ctx: CoreContext; clusters: ClusterService; upgrades: UpgradeService },
): Promise<void> {
  const { upgrades } = opts;
  app.post(
    '/api/clusters/:ref/upgrades',
    {
      schema: {
        tags: ['upgrades'],
        summary: 'Upgrade version, instance type or kernel, gated by before/after benchmarks',
        params: IdOrName,
        body: UpgradeBody,
        response: { 202: OperationJson, ...errorResponses },
      },
    },
    async (request, reply) => {
      const cluster = await opts.clusters.get(request.params.ref);
      return reply.status(202).send(operationJson(await upgrades.request(actorOf(request), cluster, request.body)));
    },
  );

  app.get(
    '/api/clusters/:ref/upgrade-decisions',
    {
      schema: {
        tags: ['upgrades'],
        summary:
          "Each upgrade's verdict and the comparisons behind it (before/after, and reads at the canary beside the baseline), newest first",
        params: IdOrName,
        response: { 200: Type.Array(Type.Unknown()), ...errorResponses },
      },
    },
    async (request) => {
      const cluster = await opts.clusters.get(request.params.ref);
      const ops = await opts.ctx.repos.operations.list({ clusterId: cluster.id, type: 'upgrade', limit: 50 });
      return ops.map((op) => {
        const checkpointOf = (step: string) => op.steps.find((s) => s.name === step)?.checkpoint ?? {};
        // The last judgement made: the one over everything once every node changed, else the canary's (which stopped the upgrade).
        const judged = checkpointOf('compare');
        const compare = judged.verdict === undefined ? checkpointOf('canary') : judged;
        return {
          operationId: op.id,
          status: op.status,
          params: op.params,
          requestedAt: op.createdAt,
          error: op.error,
          verdict: compare.verdict ?? null,
          reasons: compare.reasons ?? [],
          thresholdPercent: compare.thresholdPercent ?? null,
          alpha: compare.alpha ?? null,
          comparisons: compare.comparisons ?? [],
          /** The changed replica and the one kept on the old version beside it; null when measured before and after only. */
          canary: checkpointOf('preflight').canary ?? null,
        };
      });
    },
  );
}
