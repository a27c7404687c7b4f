import type { JSX } from 'preact';
import type { ClusterDetail } from '../types';
import { ClusterNodes } from './cluster-nodes';
import { ClusterSettings } from './cluster-settings';
import { ClusterParameters } from './cluster-parameters';
import { ClusterScale } from './cluster-scale';
import { ClusterFailovers } from './cluster-failovers';
import { ClusterRestart } from './cluster-restart';
import { ClusterStorage } from './cluster-storage';
import { ClusterHistory } from './cluster-history';
import { ClusterHealth } from './cluster-health';
import { NodeHealth } from './node-health';
import { ClusterBenchmarks } from './cluster-benchmarks';
import { ClusterUpgrades } from './cluster-upgrades';
import { ClusterCapacity } from './cluster-capacity';
import { ClusterMaintenance } from './cluster-maintenance';
import { ClusterTransfer } from './cluster-transfer';
import { ClusterUsers } from './cluster-users';
import { ClusterBackups } from './cluster-backups';
import { ClusterSummary } from './cluster-summary';

export const clusterTabs = ['overview', 'nodes', 'health', 'operations', 'upgrades', 'capacity', 'backups', 'settings', 'audit'] as const;
export type ClusterTab = (typeof clusterTabs)[number];
export const isClusterTab = (value: string | undefined): value is ClusterTab => clusterTabs.includes(value as ClusterTab);

/** What every section gets from the page: the cluster, the page's reload beat, and what the address opened. */
export interface SectionProps {
  cluster: ClusterDetail;
  /** Changes on each live event of the cluster (throttled): sections that list things reload on it. */
  tick: number;
  reload: () => void;
  /** Decommissioned or decommissioning: sections that change the cluster stay out. */
  gone: boolean;
  node?: string | undefined;
  operation?: string | undefined;
}
type Section = (p: SectionProps) => JSX.Element | null;

const nodeDrillDown: Section = ({ cluster, node }) =>
  node ? <NodeHealth key={node} cluster={cluster.name} clusterId={cluster.id} node={node} /> : null;
const health: Section = ({ cluster, node }) => <ClusterHealth name={cluster.name} clusterId={cluster.id} selected={node} />;
const whileLive =
  (section: Section): Section =>
  (p) =>
    p.gone ? null : section(p);

/**
 * Each tab's sections, top to bottom. This table is the one place a section is placed: adding a
 * section to a tab is one line here.
 */
export const clusterSections: Record<ClusterTab, Section[]> = {
  overview: [
    health,
    ({ cluster }) => <ClusterSummary cluster={cluster} />,
    ({ cluster, tick, reload }) => <ClusterFailovers cluster={cluster} tick={tick} onChanged={reload} />,
    ({ cluster, tick }) => <ClusterMaintenance name={cluster.name} tick={tick} />,
  ],
  nodes: [({ cluster, node }) => <ClusterNodes cluster={cluster.name} nodes={cluster.nodes} selected={node} />, nodeDrillDown, health],
  health: [health, nodeDrillDown],
  operations: [
    ({ cluster, tick, reload, operation }) => (
      <ClusterHistory name={cluster.name} tick={tick} onChanged={reload} focus={operation} part="operations" />
    ),
  ],
  upgrades: [
    ({ cluster, tick, reload }) => (
      <section data-testid="benchmarks-upgrades">
        <h2>Benchmarks &amp; upgrades</h2>
        <ClusterUpgrades cluster={cluster} tick={tick} onChanged={reload} />
        <ClusterBenchmarks name={cluster.name} tick={tick} active={cluster.status === 'ACTIVE'} />
      </section>
    ),
  ],
  capacity: [
    ({ cluster }) => <ClusterCapacity name={cluster.name} />,
    whileLive(({ cluster, reload }) => <ClusterStorage cluster={cluster} onChanged={reload} />),
  ],
  backups: [whileLive(({ cluster, tick }) => <ClusterBackups cluster={cluster} tick={tick} />)],
  settings: [
    ({ cluster, reload }) => <ClusterSettings cluster={cluster} onSaved={reload} />,
    whileLive(({ cluster, reload }) => <ClusterScale cluster={cluster} onChanged={reload} />),
    whileLive(({ cluster, reload }) => <ClusterParameters cluster={cluster} onChanged={reload} />),
    whileLive(({ cluster, reload }) => <ClusterRestart cluster={cluster} onChanged={reload} />),
    whileLive(({ cluster, tick, reload }) => <ClusterTransfer cluster={cluster.name} tick={tick} onChanged={reload} />),
    whileLive(({ cluster, tick }) => <ClusterUsers cluster={cluster} tick={tick} />),
  ],
  audit: [({ cluster, tick, reload }) => <ClusterHistory name={cluster.name} tick={tick} onChanged={reload} part="audit" />],
};

export const tabLabels: Record<ClusterTab, string> = {
  overview: 'Overview',
  nodes: 'Nodes',
  health: 'Health',
  operations: 'Operations',
  upgrades: 'Upgrades',
  capacity: 'Capacity',
  backups: 'Backups',
  settings: 'Settings',
  audit: 'Audit',
};
