import type { FleetDeps } from './fleet-deps';
import type { ClusterSpec } from '../core/types';
import type { CreateClusterRequest } from './cluster-requests';
import type { ProblemList } from '../core/request-problems';
import { isSimulated } from '../providers/capabilities';
import { synchronousReplicationProblems } from './synchronous-replication-check';

export interface ClusterPlan {
  spec: ClusterSpec;
  simulated: boolean;
}

/** Adds every reason the regions cannot host this engine to `problems`; true when the cluster can be placed. */
function regionProblems(ctx: FleetDeps, request: Omit<CreateClusterRequest, 'name'>, problems: ProblemList): boolean {
  const before = problems.count;
  const configured = [...ctx.regions.regions.keys()];
  const unknown = request.regions.filter((r) => !ctx.regions.regions.has(r));
  if (unknown.length > 0) {
    problems.add({
      path: 'body/regions',
      message: `unknown region ${unknown.join(', ')}; configured regions: ${configured.join(', ')}`,
      unknown,
      allowed: configured,
    });
  }
  if (new Set(request.regions).size !== request.regions.length) problems.add({ path: 'body/regions', message: 'regions must not repeat' });
  const known = [...new Set(request.regions.filter((r) => ctx.regions.regions.has(r)))];
  const providers = known.map((r) => ctx.providers.forRegion(r));
  const unsupported = known.filter((_, i) => !providers[i]!.supportsEngine(request.engine));
  if (unsupported.length > 0) {
    const able = configured.filter((r) => ctx.providers.forRegion(r).supportsEngine(request.engine));
    problems.add({
      path: 'body/regions',
      message: `${request.engine} cannot run in region ${unsupported.join(', ')}; choose a simulated region for it`,
      unsupported,
      allowed: able,
    });
  }
  const cannotCreate = known.filter((_, i) => !providers[i]!.capabilities.has('createsNodes'));
  if (cannotCreate.length > 0) {
    problems.add({
      path: 'body/regions',
      missingCapability: 'createsNodes',
      message: `region ${cannotCreate.join(', ')} cannot create nodes (capability createsNodes not declared): a cluster that runs there is adopted (POST /api/clusters/adopt)`,
    });
  }
  if (providers.some((p) => p.kind !== providers[0]!.kind)) {
    problems.add({ path: 'body/regions', message: 'regions must all be bound to one provider (all local or all simulated)' });
  }
  return problems.count === before;
}

/**
 * Checks that the regions exist and can run the engine, that the version is qualified and the size
 * fits, then asks the engine adapter for the best-practice spec. Every problem goes into
 * `problems`; the plan is null when there is any. A cluster's regions are all real or all
 * simulated: a replica set cannot span a process on this machine and a simulated cloud.
 */
export async function planCluster(
  ctx: FleetDeps,
  request: Omit<CreateClusterRequest, 'name'>,
  problems: ProblemList,
): Promise<ClusterPlan | null> {
  const engine = ctx.engines.get(request.engine);
  const qualified = engine.catalog.versions.map((v) => v.version);
  const versionKnown = request.version === undefined || qualified.includes(request.version);
  if (!versionKnown) {
    const message = `${request.engine} version ${request.version} is not in the catalog; choose one of ${qualified.join(', ')}`;
    problems.add({ path: 'body/version', message, allowed: qualified });
  }
  const placeable = regionProblems(ctx, request, problems);
  const providers = placeable ? request.regions.map((r) => ctx.providers.forRegion(r)) : [];
  // Sizing does not depend on the regions: it is checked (against every instance type) even when they are wrong.
  const available = providers[0] ? await providers[0].availableVersions(request.engine) : null;
  let spec: ClusterSpec | undefined;
  const pathOf = (details: Record<string, unknown>) => ('expectedDataGb' in details ? 'body/expectedDataGb' : 'body/version');
  await problems.check(pathOf, () => {
    spec = engine.planSpec(
      {
        expectedDataGb: request.expectedDataGb,
        regionCount: request.regions.length,
        environment: request.environment ?? 'test',
        version: versionKnown ? request.version : undefined,
        availableVersions: available,
      },
      [...ctx.regions.instanceTypes.values()],
    );
  });
  if (request.synchronousReplication) synchronousReplicationProblems(engine, ctx.engines.all(), spec, providers[0], problems);
  if (!spec || problems.invalid || !providers[0]) return null;
  return { spec: request.synchronousReplication ? { ...spec, synchronousReplication: true } : spec, simulated: isSimulated(providers[0]) };
}
