import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { ClusterService } from '../../fleet/cluster-service';
import type { GrowStorageService } from '../../storage/grow-storage-service';
import type { StoragePolicyService, StoragePolicyView } from '../../storage/storage-policy-service';
import { errorResponses, IdOrName, Nullable, Timestamp, MonthlyCostChange } from '../schemas/common';
import { OperationJson } from '../schemas/operation';
import { operationJson } from '../presenters';
import { MAX_DISK_GB } from '../../core/disk';

const GrowBody = Type.Object(
  {
    diskGb: Type.Integer({ minimum: 1, maximum: MAX_DISK_GB, description: "each node's disk after the grow, GB" }),
    urgent: Type.Optional(Type.Boolean({ description: 'grow now instead of in the next maintenance window' })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);
const Range = Type.Object({ from: Type.Number(), to: Type.Number() });
export const GrowStoragePreviewJson = Type.Object({
  nodes: Type.Integer(),
  diskGb: Range,
  usableCapacityGb: Range,
  notBefore: Nullable(Type.String()),
  monthlyCostUsd: MonthlyCostChange,
  note: Type.String(),
});
const PolicyBody = Type.Object(
  {
    enabled: Type.Boolean(),
    growByPercent: Type.Integer({ minimum: 1, maximum: 500, description: 'each automatic grow adds this share of the disk' }),
    leadDays: Type.Integer({ minimum: 1, maximum: 365, description: "grow once the forecast's exhaustion date is this close" }),
    maxDiskGb: Type.Integer({ minimum: 1, maximum: MAX_DISK_GB, description: 'never grow a node beyond this, GB' }),
  },
  { additionalProperties: false },
);
export const StoragePolicyJson = Type.Object({
  enabled: Type.Boolean(),
  growByPercent: Type.Integer(),
  leadDays: Type.Integer(),
  maxDiskGb: Type.Integer(),
  stored: Type.Boolean(),
  currentDiskGb: Nullable(Type.Number()),
  updatedBy: Nullable(Type.String()),
  updatedAt: Nullable(Timestamp),
});
const policyJson = (p: StoragePolicyView) => ({ ...p, updatedAt: p.updatedAt ? p.updatedAt.toISOString() : null });

/** Grow a cluster's storage (?dryRun=true previews it) and edit its automatic storage policy. */
export async function storageRoutes(
  app: Api,
  opts: { clusters: ClusterService; grow: GrowStorageService; policies: StoragePolicyService },
): Promise<void> {
  const tags = ['day-2'];
  app.post(
    '/api/clusters/:ref/storage',
    {
      schema: {
        tags,
        summary: "Grow every node's disk, one node at a time; held until the maintenance window unless urgent",
        params: IdOrName,
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        body: GrowBody,
        response: {
          200: Type.Object({ preview: GrowStoragePreviewJson }),
          202: Type.Object({ preview: GrowStoragePreviewJson, operation: OperationJson }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const cluster = await opts.clusters.get(request.params.ref);
      if (request.query.dryRun)
        return reply.status(200).send({ preview: await opts.grow.preview(actorOf(request), cluster, request.body) });
      const { preview, operation } = await opts.grow.request(actorOf(request), cluster, request.body);
      return reply.status(202).send({ preview, operation: operationJson(operation) });
    },
  );

  app.get(
    '/api/clusters/:ref/storage-policy',
    {
      schema: {
        tags,
        summary: 'The automatic storage policy: off until the owning team enables it',
        params: IdOrName,
        response: { 200: StoragePolicyJson, ...errorResponses },
      },
    },
    async (request) => policyJson(await opts.policies.get(await opts.clusters.get(request.params.ref))),
  );

  app.put(
    '/api/clusters/:ref/storage-policy',
    {
      schema: {
        tags,
        summary: "Enable or change automatic storage growth ahead of the forecast's exhaustion date (owning team or platform)",
        params: IdOrName,
        body: PolicyBody,
        response: { 200: StoragePolicyJson, ...errorResponses },
      },
    },
    async (request) => {
      const cluster = await opts.clusters.get(request.params.ref);
      return policyJson(await opts.policies.put(actorOf(request), cluster, request.body));
    },
  );
}
