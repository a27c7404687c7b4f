import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { ClusterService } from '../../fleet/cluster-service';
import type { SettingsService } from '../../upgrades/settings-service';
import { errorResponses, IdOrName, PlainText, MonthlyCostChange } from '../schemas/common';
import { OperationJson } from '../schemas/operation';
import { operationJson } from '../presenters';

const Value = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]);

const SettingsBody = Type.Object(
  {
    settings: Type.Record(Type.String({ maxLength: 64 }), Value, { description: 'parameter name → new value (GET …/settings lists them)' }),
    urgent: Type.Optional(Type.Boolean({ description: 'apply now instead of in the next maintenance window' })),
    reason: Type.Optional(PlainText({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const DryRun = Type.Object({ dryRun: Type.Optional(Type.Boolean({ description: 'preview only: the diff, when, and the cost' })) });

const Preview = Type.Object({
  changes: Type.Array(
    Type.Object({
      name: Type.String(),
      from: Value,
      to: Value,
      unit: Type.Union([Type.String(), Type.Null()]),
      applies: Type.String(),
    }),
  ),
  applies: Type.String(),
  notBefore: Type.Union([Type.String(), Type.Null()]),
  monthlyCostUsd: MonthlyCostChange,
});

/** Engine parameters of one cluster: the catalog with current values, a preview (?dryRun=true) and the change. */
export async function settingsRoutes(app: Api, opts: { clusters: ClusterService; settings: SettingsService }): Promise<void> {
  app.get(
    '/api/clusters/:ref/settings',
    {
      schema: {
        tags: ['day-2'],
        summary: "The engine parameters a team may change, with type, range, how each applies and the cluster's value",
        params: IdOrName,
        response: { 200: Type.Array(Type.Unknown()), ...errorResponses },
      },
    },
    async (request) => opts.settings.catalog(await opts.clusters.get(request.params.ref)),
  );

  app.post(
    '/api/clusters/:ref/settings',
    {
      schema: {
        tags: ['day-2'],
        summary: 'Change engine parameters: live where the engine allows, else by rolling restart; reverted on failure',
        params: IdOrName,
        querystring: DryRun,
        body: SettingsBody,
        response: {
          200: Type.Object({ preview: Preview }),
          202: Type.Object({ preview: Preview, operation: OperationJson }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const cluster = await opts.clusters.get(request.params.ref);
      if (request.query.dryRun)
        return reply.status(200).send({ preview: await opts.settings.preview(actorOf(request), cluster, request.body) });
      const { preview, operation } = await opts.settings.request(actorOf(request), cluster, request.body);
      return reply.status(202).send({ preview, operation: operationJson(operation) });
    },
  );
}
