import type { Workflow } from '../../workflow';
import { done, waitFor } from '../../workflow';
import { checkpointsOf } from '../../checkpoints';
import { rollingOrder } from '../upgrade/rolling-change';

/**
 * Between two nodes: the grown volume's filesystem is extended online, and volume changes are kept
 * from overlapping so at most one node's disk is in flux at a time (as with a cloud's volume
 * modification, which is slow and rate-limited per volume).
 */
export const GROW_SETTLE_MS = 1500;

const checkpoints = checkpointsOf<'grow_storage', { 'grow-disks': { grown: string[] }; record: object }>();

/**
 * Grows every node's disk to the requested size, one node at a time, replicas before the primary.
 * The provider's grow is idempotent and never shrinks, and the checkpoint lists the nodes done, so
 * a worker killed at any point resumes with the nodes not yet grown. Then the cluster records its
 * new disk and usable capacity, and its forecast is made again against them.
 */
export const growStorageWorkflow: Workflow<'grow_storage'> = {
  type: 'grow_storage',
  steps: {
    'grow-disks': async (run) => {
      const grown = [...(checkpoints.own(run, 'grow-disks').grown ?? [])];
      const remaining = rollingOrder(await run.ctx.repos.nodes.forCluster(run.cluster.id)).filter((n) => !grown.includes(n.name));
      const node = remaining[0];
      if (!node) return done;
      const provider = run.ctx.providers.forRegion(node.region);
      if (!provider.growDisk || !node.providerId) throw new Error(`${node.name}: its provider cannot grow a disk`);
      const { diskGb } = await provider.growDisk(node.providerId, run.op.params.diskGb);
      if (diskGb < run.op.params.diskGb) throw new Error(`${node.name} has ${diskGb} GB after growing to ${run.op.params.diskGb} GB`);
      grown.push(node.name);
      await checkpoints.save(run, 'grow-disks', { grown });
      run.log.info({ node: node.name, diskGb }, 'node disk grown');
      return remaining.length > 1 ? waitFor(GROW_SETTLE_MS, `${node.name} grown to ${diskGb} GB; the next node after it settles`) : done;
    },
    record: async (run) => {
      const { diskGb, usableCapacityGb } = run.op.params;
      await run.ctx.repos.clusters.recordStorage(run.cluster.id, { diskGb, usableCapacityGb });
      try {
        await run.ctx.capacity.forecastCluster(run.cluster.id);
      } catch (error) {
        // The daily forecast makes it again; the grown disk is already recorded.
        run.log.warn({ err: error }, 'forecast after growing storage failed');
      }
      return done;
    },
  },
  async onFailure({ ctx, cluster }, error) {
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', `last storage grow failed: ${error}`);
  },
};
