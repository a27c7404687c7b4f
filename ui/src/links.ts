/**
 * Addresses of the console's hash routes and the one way to move between them. Pages import these
 * and `router.tsx` imports the pages, so they live apart from the route table (no import cycle).
 */
export const navigate = (hash: string): void => {
  location.hash = hash;
};

export const clusterHref = (name: string): string => `#/clusters/${encodeURIComponent(name)}`;
export const nodeHref = (cluster: string, node: string): string => `${clusterHref(cluster)}/nodes/${encodeURIComponent(node)}`;
export const campaignHref = (id: string): string => `#/campaigns/${encodeURIComponent(id)}`;
export const operationHref = (cluster: string, id: string): string => `${clusterHref(cluster)}/operations/${encodeURIComponent(id)}`;
/** A tab of the cluster page (overview is the page's own address). */
export const clusterTabHref = (name: string, tab: string): string =>
  tab === 'overview' ? clusterHref(name) : `${clusterHref(name)}/${encodeURIComponent(tab)}`;
