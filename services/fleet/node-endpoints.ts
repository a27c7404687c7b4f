import type { ClusterNode } from '../core/types';
import type { NodeEndpoint } from '../engines/engine';

/** Nodes that have an address, in the shape engine adapters speak to. */
export function endpointsOf(nodes: ClusterNode[]): NodeEndpoint[] {
  return nodes.filter((n) => n.host !== null && n.port !== null).map((n) => ({ name: n.name, host: n.host!, port: n.port!, role: n.role }));
}
