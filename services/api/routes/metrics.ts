import type { Api } from '../types';
import type { CoreContext } from '../../context';
import type { ClusterService } from '../../domain/cluster-service';

// Placeholder until implemented: registers no routes.
export async function metricsRoutes(_app: Api, _opts: { ctx: CoreContext; clusters: ClusterService }): Promise<void> {}
