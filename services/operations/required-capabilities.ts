import type { ProviderRegistry } from '../providers/registry';
import type { OperationType } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { OperationParams } from './operation-params';
import { MissingCapabilityError, type ProviderCapability } from '../providers/capabilities';

/**
 * What a cluster's provider must be able to do for an operation of this type to run. Checked when
 * the operation is recorded, so a provider that cannot do it refuses before anything starts.
 * Decommission needs nothing: a provider that cannot destroy nodes has them forgotten instead.
 */
export function requiredCapabilities<T extends OperationType>(
  type: T,
  params: OperationParams[T] | Record<string, never>,
): ProviderCapability[] {
  switch (type) {
    case 'provision':
      return (params as OperationParams['provision']).restore ? ['createsNodes', 'backsUpData'] : ['createsNodes'];
    case 'backup':
      return ['backsUpData'];
    case 'restore_drill':
      return ['createsNodes', 'backsUpData'];
    case 'restore_in_place':
      return ['backsUpData', 'restoresInPlace'];
    case 'scale': {
      const size = params as OperationParams['scale'];
      const scalesIn = size.nodesPerRegion !== undefined && size.nodesPerRegion < (size.fromNodesPerRegion ?? 0);
      return scalesIn ? ['destroysNodes'] : ['createsNodes', 'copiesData'];
    }
    case 'resize':
      return ['changesInstanceType'];
    case 'replace_node':
      return ['createsNodes', 'copiesData', 'destroysNodes'];
    case 'restart_node':
    case 'rolling_restart':
      return ['restartsNodes'];
    case 'grow_storage':
      return ['growsDisks'];
    case 'switchover':
      return ['switchesOver'];
    case 'upgrade': {
      const change = params as OperationParams['upgrade'];
      return [
        ...(change.toVersion ? ['changesVersion' as const] : []),
        ...(change.instanceType ? ['changesInstanceType' as const] : []),
        ...(change.kernelVersion ? ['changesKernel' as const] : []),
      ];
    }
    default:
      return [];
  }
}

/**
 * The refusal for an operation the cluster's provider cannot run, or null when it can. A provider
 * that backs up some engines only (the simulated cloud models Cassandra and Elasticsearch
 * snapshots) is missing backsUpData for the others.
 */
export function missingCapability<T extends OperationType>(
  ctx: { providers: ProviderRegistry },
  cluster: Pick<ClusterRecord, 'name' | 'regions' | 'engine'>,
  type: T,
  params: OperationParams[T] | Record<string, never>,
): MissingCapabilityError | null {
  for (const region of cluster.regions) {
    const provider = ctx.providers.forRegion(region);
    const has = (c: ProviderCapability) =>
      provider.capabilities.has(c) && (c !== 'backsUpData' || (provider.backsUpEngine?.(cluster.engine) ?? true));
    const absent = requiredCapabilities(type, params).find((c) => !has(c));
    if (absent) {
      const elsewhere = provider.backupElsewhere?.(cluster.engine);
      const engineNote =
        absent === 'backsUpData' && provider.capabilities.has(absent)
          ? ` for ${cluster.engine} nodes${elsewhere ? `: ${elsewhere}` : ''}`
          : '';
      return new MissingCapabilityError(provider.kind, absent, `${type.replace('_', ' ')} of cluster ${cluster.name} refused${engineNote}`);
    }
  }
  return null;
}
