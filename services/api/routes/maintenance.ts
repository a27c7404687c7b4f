import type { Api } from '../types';
import type { CoreContext } from '../../context';
import type { ClusterService } from '../../domain/cluster-service';
import type { BackgroundQueue } from '../../queues/background-queue';

// Placeholder until implemented: registers no routes.
export async function maintenanceRoutes(_app: Api, _opts: { ctx: CoreContext; clusters: ClusterService; background: BackgroundQueue }): Promise<void> {}
