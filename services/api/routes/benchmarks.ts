import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { CoreContext } from '../../app/context';
import type { ClusterService } from '../../fleet/cluster-service';
import type { BenchmarkService } from '../../workload/benchmark-service';
import { NotFoundError } from '../../core/errors';
import { emptyBodyAsObject, errorResponses, IdOrName, IdParam } from '../schemas/common';
import { OperationJson } from '../schemas/operation';
import { BenchmarkRunJson, BenchmarkRunSummaryJson, ListBenchmarksQuery, RunBenchmarkBody } from '../schemas/benchmark';
import { WorkloadDefinition } from '../../workload/definition';
import { StandardWorkloads } from '../../workload/standard';
import { percentilesOf } from '../../workload/latencies';
import { operationJson } from '../presenters';
import type { BenchmarkRunSummary } from '../../workload/benchmark-run';

const runJson = (run: BenchmarkRunSummary) => ({
  ...run,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt.toISOString(),
  createdAt: run.createdAt.toISOString(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Workload runs: the standard set, on-demand benchmarks of a cluster, and their stored results. */
export async function benchmarkRoutes(
  app: Api,
  opts: { ctx: CoreContext; clusters: ClusterService; benchmarks: BenchmarkService },
): Promise<void> {
  const { ctx, clusters, benchmarks } = opts;
  const tags = ['benchmarks'];

  app.get(
    '/api/workloads',
    {
      schema: {
        tags,
        summary: 'The standard workloads an on-demand benchmark or an upgrade runs',
        response: { 200: Type.Array(WorkloadDefinition), ...errorResponses },
      },
    },
    async () => StandardWorkloads.map((w) => ({ ...w })),
  );

  app.post(
    '/api/clusters/:ref/benchmarks',
    {
      schema: {
        tags,
        summary: 'Run standard workloads against the cluster (a background operation); each result is stored',
        params: IdOrName,
        body: RunBenchmarkBody,
        response: { 202: Type.Object({ operation: OperationJson }), ...errorResponses },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request, reply) => {
      const operation = await benchmarks.request(actorOf(request), request.params.ref, request.body);
      return reply.status(202).send({ operation: operationJson(operation) });
    },
  );

  app.get(
    '/api/clusters/:ref/benchmarks',
    {
      schema: {
        tags,
        summary: 'Stored runs of the cluster, newest first (without histograms and samples)',
        params: IdOrName,
        querystring: ListBenchmarksQuery,
        response: { 200: Type.Array(BenchmarkRunSummaryJson), ...errorResponses },
      },
    },
    async (request) => {
      const cluster = await clusters.get(request.params.ref);
      return (await ctx.repos.benchmarkRuns.forCluster(cluster.id, request.query.limit ?? 100)).map(runJson);
    },
  );

  app.get(
    '/api/benchmarks/:id',
    {
      schema: {
        tags,
        summary: 'One stored run with percentiles from its histogram and its latency sample',
        params: IdParam,
        response: { 200: BenchmarkRunJson, ...errorResponses },
      },
    },
    async (request) => {
      const run = UUID.test(request.params.id) ? await ctx.repos.benchmarkRuns.get(request.params.id) : null;
      if (!run) throw new NotFoundError('benchmark run', request.params.id);
      return { ...runJson(run), percentiles: percentilesOf(run.histogram), histogram: run.histogram, samples: run.samples };
    },
  );
}
