import type { Environment, Sla } from '../core/types';

/** SLA a cluster gets unless its owner states one: prod is held to tighter latency than test. */
export function defaultSla(environment: Environment): Sla {
  return environment === 'prod'
    ? { p99ReadMs: 10, p99WriteMs: 20, availability: 99.99 }
    : { p99ReadMs: 50, p99WriteMs: 100, availability: 99.9 };
}

/** Clusters are DNS-safe: they become host names and process names. */
export const CLUSTER_NAME_PATTERN = '^[a-z][a-z0-9-]{1,38}[a-z0-9]$';
