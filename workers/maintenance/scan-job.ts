import type { CoreContext } from '../../services/context';
import type { BackgroundJob } from '../../services/queues/background-queue';

// Placeholder until implemented: does nothing.
export async function runMaintenanceScan(_ctx: CoreContext, _job: BackgroundJob): Promise<void> {}
