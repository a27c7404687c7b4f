import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { CampaignService, CampaignControl } from '../../campaigns/campaign-service';
import type { PlannedCampaign } from '../../campaigns/planning';
import { clusterJson } from '../../campaigns/view';
import { emptyBodyAsObject, errorResponses, IdOrName, IdParam, Nullable } from '../schemas/common';
import {
  CampaignBody,
  CampaignClusterJson,
  CampaignPlanJson,
  CampaignSummaryJson,
  CampaignViewJson,
  ControlBody,
  ListCampaignsQuery,
} from '../schemas/campaign';

function planJson({ settings, plan }: PlannedCampaign) {
  const clusters = plan.waves.flatMap((w) => w.clusters.map(() => w.environment));
  return {
    settings: {
      prodWaveSize: settings.waves.prodWaveSize,
      inFlight: settings.inFlight,
      soakMinutes: settings.soakMinutes,
      failureBudget: settings.failureBudget,
      upgradeMinutes: settings.upgradeMinutes,
    },
    summary: {
      clusters: clusters.length,
      test: clusters.filter((e) => e === 'test').length,
      prod: clusters.filter((e) => e === 'prod').length,
      waves: plan.waves.length,
      skipped: plan.skipped.length,
      estimatedEnd: plan.estimatedEnd,
    },
    waves: plan.waves,
    skipped: plan.skipped,
  };
}

const CampaignUpgradesJson = Type.Object({
  cluster: Type.Object({ id: Type.String(), name: Type.String(), version: Type.String() }),
  upgrades: Type.Array(
    Type.Composite([
      CampaignClusterJson,
      Type.Object({
        campaignId: Type.String(),
        campaignName: Type.String(),
        toVersion: Nullable(Type.String()),
        toInstanceType: Nullable(Type.String()),
        campaignStatus: Type.String(),
      }),
    ]),
  ),
});

/** Fleet upgrade campaigns: dry run, create, list, the SRE view, pause/resume/cancel; a cluster's own upgrades. */
export async function campaignRoutes(app: Api, opts: { campaigns: CampaignService }): Promise<void> {
  const { campaigns } = opts;
  const tags = ['campaigns'];

  app.post(
    '/api/campaigns/plan',
    {
      schema: {
        tags,
        summary: 'Dry run: which cluster in which wave, and when; nothing is stored',
        body: CampaignBody,
        response: { 200: CampaignPlanJson, ...errorResponses },
      },
    },
    async (request) => planJson(await campaigns.plan(actorOf(request), request.body)),
  );

  app.post(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary: 'Create and start an upgrade campaign (platform team)',
        body: CampaignBody,
        response: { 201: CampaignViewJson, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await campaigns.create(actorOf(request), request.body)),
  );

  app.get(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary: 'Campaigns, newest first, with per-status cluster counts',
        querystring: ListCampaignsQuery,
        response: { 200: Type.Array(CampaignSummaryJson), ...errorResponses },
      },
    },
    async (request) => campaigns.list(request.query.limit ?? 50),
  );

  app.get(
    '/api/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'One campaign: percent upgraded, wave × cluster matrix, failures with comparisons, ETA',
        params: IdParam,
        response: { 200: CampaignViewJson, ...errorResponses },
      },
    },
    async (request) => campaigns.get(request.params.id),
  );

  for (const action of ['pause', 'resume', 'cancel'] as const satisfies readonly CampaignControl[]) {
    app.post(
      `/api/campaigns/:id/${action}`,
      {
        schema: {
          tags,
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} a campaign (platform team)`,
          params: IdParam,
          body: ControlBody,
          response: { 200: CampaignViewJson, ...errorResponses },
        },
        preValidation: emptyBodyAsObject,
      },
      async (request) => campaigns.control(actorOf(request), request.params.id, action, request.body.reason ?? `${action} requested`),
    );
  }

  app.get(
    '/api/clusters/:ref/campaigns',
    {
      schema: {
        tags,
        summary: "This cluster's place in upgrade campaigns, newest first: its upgrade status for the owning team",
        params: IdOrName,
        response: { 200: CampaignUpgradesJson, ...errorResponses },
      },
    },
    async (request) => {
      const { cluster, upgrades } = await campaigns.upgradesFor(request.params.ref);
      return {
        cluster,
        upgrades: upgrades.map((u) => ({
          ...clusterJson(u),
          campaignId: u.campaignId,
          campaignName: u.campaignName,
          toVersion: u.toVersion,
          toInstanceType: u.toInstanceType,
          campaignStatus: u.campaignStatus,
        })),
      };
    },
  );
}
