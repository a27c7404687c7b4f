import type { EngineAdapter } from '../engine';
import { defaultFormTimeoutMs, defaultProbeTimeoutMs, type EngineTimeouts } from '../probing';
import { primaryThenReplicas } from '../roles';
import { postgresCatalog } from './catalog';
import { probePostgres } from './probe';
import { verifyPostgresReplication } from './replication';
import { planPostgresSpec } from './sizing';

export function createPostgresEngine(options: EngineTimeouts = {}): EngineAdapter {
  const timeouts = {
    probeTimeoutMs: options.probeTimeoutMs ?? defaultProbeTimeoutMs,
    formTimeoutMs: options.formTimeoutMs ?? defaultFormTimeoutMs,
  };
  return {
    name: 'postgres',
    displayName: 'PostgreSQL',
    defaultPort: 5432,
    catalog: postgresCatalog,
    adminUsername: 'datafleet',
    planSpec: planPostgresSpec,
    roles: primaryThenReplicas,
    formCluster: (nodes, credentials) => verifyPostgresReplication(nodes, credentials, timeouts),
    probe: (node, credentials) => probePostgres(node, credentials, timeouts.probeTimeoutMs),
    /**
     * A libpq multi-host URL, primary first: with target_session_attrs=read-write a client finds the
     * new primary on its own after a failover.
     */
    connectionHint(nodes) {
      const ordered = [...nodes.filter((n) => n.role === 'primary'), ...nodes.filter((n) => n.role !== 'primary')];
      if (ordered.length === 0) return '';
      const hosts = ordered.map((n) => `${n.host}:${n.port}`).join(',');
      const suffix = ordered.length > 1 ? '?target_session_attrs=read-write' : '';
      return `postgresql://datafleet@${hosts}/postgres${suffix}`;
    },
  };
}
