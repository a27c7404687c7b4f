import type { EngineName, NodeRole, NodeState } from '../core/types';
import type { Credentials, TargetNode } from '../core/engine-port';

export type { TargetNode } from '../core/engine-port';

/** What the simulated driver needs of a node: the simulator's view of it right now. */
export interface SimulatedTargetNode {
  name: string;
  role: NodeRole;
  version: string;
  state: NodeState;
  /** The simulator's p99 for this node under a benchmark's own load (version-dependent); 0 when it serves nothing. */
  p99LatencyMs: number;
}

/**
 * Where a workload runs. Real engines: writes go to the primary (or every member, for engines
 * without one), reads are spread over the nodes (or sent to one, `readsFrom`). Simulated: latencies are drawn from the simulator.
 */
export type WorkloadTarget =
  | {
      kind: 'real';
      engine: EngineName;
      nodes: TargetNode[];
      credentials: Credentials;
      localDataCenter?: string;
      /** PostgreSQL: default `postgres`. */ database?: string;
      /** Every read goes to this node (writes still to the writer); engines with `workloadReadsFromOneNode` only. */
      readsFrom?: string;
    }
  | {
      kind: 'simulated';
      engine: EngineName;
      nodes: SimulatedTargetNode[];
      seed: number;
      timeScale: number;
      /** Every read goes to this node (writes still to the writer): a canary or its baseline measured on its own. */
      readsFrom?: string;
      /**
       * σ (log scale) of a level each run draws for itself from its own seed and keeps for the whole
       * run: how far a node's offset moves from one run to the next, beyond its slices' drift. Two
       * nodes measured side by side meet the same slowdowns (the drift seed) but each its own level.
       * Absent: none.
       */
      runDrift?: number;
    };

export function targetVersions(target: WorkloadTarget): Array<{ node: string; role: NodeRole; version: string }> {
  return target.nodes.map((n) => ({ node: n.name, role: n.role, version: n.version }));
}

export { readerFor, readersOf, workerConnections, writerOf } from '../engines/workload-keys';
