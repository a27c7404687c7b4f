import { useEffect, useState } from 'preact/hooks';
import { Inventory } from './pages/inventory';
import { CreateCluster } from './pages/create-cluster';
import { AdoptCluster } from './pages/adopt-cluster';
import { ClusterPage } from './pages/cluster';
import { isClusterTab } from './pages/cluster-sections';
import { Teams } from './pages/teams';
import { Fleet } from './pages/fleet';
import { Alerts } from './pages/alerts';
import { Campaigns } from './pages/campaigns';
import { CampaignPage } from './pages/campaign';
import { NewCampaign } from './pages/campaign-new';

/**
 * Hash routes, so the API can serve one static index.html and a reload keeps the page:
 * `#/` inventory · `#/new` request a cluster · `#/adopt` adopt one that runs elsewhere · `#/clusters/<name>` one cluster, with
 * `/<tab>` (overview, nodes, health, operations, upgrades, capacity, backups, settings, audit), `/nodes/<node>` (that node's health drill-down) or `/operations/<id>` (that operation opened) ·
 * `#/teams` · `#/fleet` · `#/alerts` · `#/campaigns`, `#/campaigns/new` (plan and start one) and `#/campaigns/<id>`.
 */
export function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

const clusterRoute = /^#\/clusters\/([^/?]+)(?:\/(nodes|operations)\/([^/?]+)|\/([a-z]+))?/;

export function Route({ hash }: { hash: string }) {
  const cluster = clusterRoute.exec(hash);
  if (cluster?.[1]) {
    const [, name = '', kind, sub, tab] = cluster;
    const focus = sub ? decodeURIComponent(sub) : undefined;
    // A node opens on the nodes tab, an operation on the operations tab; an unknown tab is the overview.
    const shown = kind === 'nodes' ? 'nodes' : kind === 'operations' ? 'operations' : isClusterTab(tab) ? tab : 'overview';
    // Keyed by cluster only: opening a tab, a node or an operation keeps the page and its data.
    return (
      <ClusterPage
        key={name}
        name={decodeURIComponent(name)}
        tab={shown}
        node={kind === 'nodes' ? focus : undefined}
        operation={kind === 'operations' ? focus : undefined}
      />
    );
  }
  if (hash.startsWith('#/new')) return <CreateCluster />;
  if (hash.startsWith('#/adopt')) return <AdoptCluster />;
  if (hash.startsWith('#/teams')) return <Teams />;
  if (hash.startsWith('#/fleet')) return <Fleet />;
  if (hash.startsWith('#/alerts')) return <Alerts />;
  if (hash.startsWith('#/campaigns/new')) return <NewCampaign />;
  const campaign = /^#\/campaigns\/([^/?]+)/.exec(hash);
  if (campaign?.[1]) return <CampaignPage key={campaign[1]} id={decodeURIComponent(campaign[1])} />;
  if (hash.startsWith('#/campaigns')) return <Campaigns />;
  return <Inventory />;
}
