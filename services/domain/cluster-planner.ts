import type { CoreContext } from '../context';
import type { ClusterSpec } from './types';
import type { CreateClusterRequest } from './cluster-requests';
import { InputError } from '../platform/errors';

export interface ClusterPlan {
  spec: ClusterSpec;
  simulated: boolean;
}

/**
 * Checks that the regions exist and can run the engine, then asks the engine adapter for the
 * best-practice spec. A cluster's regions are all real or all simulated: a replica set cannot
 * span a process on this machine and a simulated cloud.
 */
export async function planCluster(ctx: CoreContext, request: CreateClusterRequest): Promise<ClusterPlan> {
  const unknown = request.regions.filter((r) => !ctx.regions.regions.has(r));
  if (unknown.length > 0) {
    throw new InputError(`unknown region ${unknown.join(', ')}; configured regions: ${[...ctx.regions.regions.keys()].join(', ')}`, {
      field: 'regions',
      unknown,
    });
  }
  if (new Set(request.regions).size !== request.regions.length) throw new InputError('regions must not repeat', { field: 'regions' });
  const providers = request.regions.map((r) => ctx.providers.forRegion(r));
  const unsupported = request.regions.filter((_, i) => !providers[i]!.supportsEngine(request.engine));
  if (unsupported.length > 0) {
    throw new InputError(`${request.engine} cannot run in region ${unsupported.join(', ')}; choose a simulated region for it`, {
      field: 'regions',
      unsupported,
    });
  }
  const simulated = providers[0]!.simulated;
  if (providers.some((p) => p.simulated !== simulated)) {
    throw new InputError('regions must be all local or all simulated', { field: 'regions' });
  }
  const available = await providers[0]!.availableVersions(request.engine);
  const engine = ctx.engines.get(request.engine);
  const spec = engine.planSpec(
    {
      expectedDataGb: request.expectedDataGb,
      regionCount: request.regions.length,
      environment: request.environment ?? 'test',
      version: request.version,
      availableVersions: available,
    },
    [...ctx.regions.instanceTypes.values()],
  );
  return { spec, simulated };
}
