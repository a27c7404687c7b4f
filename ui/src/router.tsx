import { useEffect, useState } from 'preact/hooks';
import { Inventory } from './pages/inventory';
import { CreateCluster } from './pages/create-cluster';
import { ClusterPage } from './pages/cluster';
import { Teams } from './pages/teams';
import { Fleet } from './pages/fleet';

/**
 * Hash routes, so the API can serve one static index.html and a reload keeps the page:
 * `#/` inventory · `#/new` request a cluster · `#/clusters/<name>` one cluster · `#/teams` · `#/fleet`.
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

export const navigate = (hash: string): void => {
  location.hash = hash;
};

export const clusterHref = (name: string): string => `#/clusters/${encodeURIComponent(name)}`;

export function Route({ hash }: { hash: string }) {
  const cluster = /^#\/clusters\/([^/?]+)/.exec(hash);
  if (cluster?.[1]) return <ClusterPage key={cluster[1]} name={decodeURIComponent(cluster[1])} />;
  if (hash.startsWith('#/new')) return <CreateCluster />;
  if (hash.startsWith('#/teams')) return <Teams />;
  if (hash.startsWith('#/fleet')) return <Fleet />;
  return <Inventory />;
}
