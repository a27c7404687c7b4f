import type { EngineAdapter } from '../../core/engine-port';

/**
 * What the simulator needs of an engine, from its adapter: which resource its data fills and how it
 * spreads (sizing), and its simulated profile (port, latency, known regressions, gossip).
 */
export type SimEngine = Pick<EngineAdapter, 'name' | 'sizing' | 'simulated'>;
