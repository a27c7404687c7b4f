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
    case 'scale':
      return ['createsNodes', 'copiesData'];
    case 'replace_node':
      return ['createsNodes', 'copiesData', 'destroysNodes'];
    case 'restart_node':
      return ['restartsNodes'];
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

/** The refusal for an operation the cluster's provider cannot run, or null when it can. */
export function missingCapability<T extends OperationType>(
  ctx: { providers: ProviderRegistry },
  cluster: Pick<ClusterRecord, 'name' | 'regions'>,
  type: T,
  params: OperationParams[T] | Record<string, never>,
): MissingCapabilityError | null {
  for (const region of cluster.regions) {
    const provider = ctx.providers.forRegion(region);
    const absent = requiredCapabilities(type, params).find((c) => !provider.capabilities.has(c));
    if (absent) return new MissingCapabilityError(provider.kind, absent, `${type.replace('_', ' ')} of cluster ${cluster.name} refused`);
  }
  return null;
}
