import type { BenchmarkRunRepository } from './sql/benchmark-runs';

// What other features may use of the stored benchmark runs. They import these types, never sql/;
// the composition root hands them the concrete repository.

/** Benchmark runs: store a run, find an operation's run of a workload and phase (a resumed step), read one back (the upgrade gate). */
export type BenchmarkRunsPort = Pick<BenchmarkRunRepository, 'insert' | 'forOperation' | 'get'>;
