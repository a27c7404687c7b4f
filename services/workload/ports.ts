import type { BenchmarkRunRepository } from './sql/benchmark-runs';

// What other features may use of the stored benchmark runs. They import these types, never sql/;
// the composition root hands them the concrete repository.

/**
 * Benchmark runs: store a run (or the two runs of a pair, together), find an operation's runs of a phase (a resumed step), read runs back
 * (the upgrade gate).
 */
export type BenchmarkRunsPort = Pick<BenchmarkRunRepository, 'insert' | 'insertPair' | 'forOperationPhase' | 'get' | 'getMany'>;
