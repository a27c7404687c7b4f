import { UnprocessableError } from '../core/errors';
import type { NodeObserver } from './observed-node';

/**
 * What a provider can do, declared by each adapter and asked by workflows, health and the API —
 * never its class or kind. Derived from what they actually ask:
 * - createsNodes / destroysNodes: provision, scale and replace add nodes; decommission and replace remove them.
 * - restartsNodes: startNode, stopNode, restartNode (the restart playbook).
 * - changesVersion / changesInstanceType / changesKernel / changesSettings: the parts of changeNode an upgrade may ask for.
 * - copiesData: a node it creates for a cluster gets the cluster's data (a replica syncs, a volume is copied), as scale and replace need.
 * - switchesOver: followPrimary re-points a node it runs (a replacement primary takes over).
 * - runsRealServers: its nodes are servers the engine's driver reaches at host:port; without it, the
 *   provider observes its nodes itself (`observer`) and everything it produces is labelled simulated.
 * - reportsEvents: events() may return retirements and failures the maintenance scan acts on.
 * - adoptsNodes: adoptNode registers a server that already runs elsewhere (adopting a cluster).
 * - pricesNodes: its nodes cost the instance type's price (the inventory's monthly cost).
 * - backsUpData: backUpNode copies a node's data into a backup repository, and createNode can make
 *   a primary from such a backup (restore into a new cluster).
 * - growsDisks: growDisk makes a node's disk larger in place (a grow-storage operation).
 * - restoresInPlace: restoreNodeInPlace makes a node's data again from a backup (or its primary) on
 *   the node itself (an in-place restore).
 * - sizesNodes: a node gets the memory and CPUs of its instance type, so the settings the engine
 *   sizes from the type (Redis maxmemory, PostgreSQL shared_buffers) follow it to the node on a
 *   resize. Local nodes share one machine and keep their small fixed memory caps whatever the type.
 */
export const ProviderCapabilities = [
  'createsNodes',
  'destroysNodes',
  'restartsNodes',
  'changesVersion',
  'changesInstanceType',
  'changesKernel',
  'changesSettings',
  'copiesData',
  'switchesOver',
  'runsRealServers',
  'reportsEvents',
  'adoptsNodes',
  'pricesNodes',
  'backsUpData',
  'restoresInPlace',
  'growsDisks',
  'sizesNodes',
] as const;
export type ProviderCapability = (typeof ProviderCapabilities)[number];

/** What the user is told a missing capability means, in the words of the refusal. */
const CAN_NOT: Record<ProviderCapability, string> = {
  createsNodes: 'create nodes',
  destroysNodes: 'destroy nodes',
  restartsNodes: 'start, stop or restart nodes',
  changesVersion: "change a node's version",
  changesInstanceType: "change a node's instance type",
  changesKernel: "change a node's kernel",
  changesSettings: "change a node's settings",
  copiesData: 'copy data to a new node',
  switchesOver: 'switch a primary over',
  runsRealServers: 'run real servers',
  reportsEvents: 'report events',
  adoptsNodes: 'adopt running servers',
  pricesNodes: 'price nodes',
  backsUpData: 'back up or restore data',
  restoresInPlace: "restore a backup onto a cluster's own nodes",
  growsDisks: "grow a node's disk",
  sizesNodes: 'give a node the memory of its instance type',
};

/** A provider was asked for something it declares it cannot do; names the capability. */
export class MissingCapabilityError extends UnprocessableError {
  constructor(
    readonly provider: string,
    readonly capability: ProviderCapability,
    context?: string,
  ) {
    super(
      `the ${provider} provider cannot ${CAN_NOT[capability]} (capability ${capability} not declared)${context ? `: ${context}` : ''}`,
      { provider, missingCapability: capability },
    );
  }
}

/** Throws MissingCapabilityError unless every capability is declared. */
export function requireCapabilities(
  provider: { kind: string; capabilities: ReadonlySet<ProviderCapability> },
  needed: readonly ProviderCapability[],
  context?: string,
): void {
  const missing = needed.find((c) => !provider.capabilities.has(c));
  if (missing) throw new MissingCapabilityError(provider.kind, missing, context);
}

/** The label users see: a provider without real servers produces simulated nodes and results. */
export function isSimulated(provider: { capabilities: ReadonlySet<ProviderCapability> }): boolean {
  return !provider.capabilities.has('runsRealServers');
}

/** How to see a provider's nodes without probing them: its observer when it runs no real servers, else null (probe them). */
export function observerOf(provider: { capabilities: ReadonlySet<ProviderCapability>; observer?: NodeObserver }): NodeObserver | null {
  return isSimulated(provider) ? (provider.observer ?? null) : null;
}
