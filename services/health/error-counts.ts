import type { ProbeResult } from '../engines/engine';

/**
 * Errors per interval from the engines' cumulative counters (Redis's error replies, PostgreSQL's
 * rollbacks, memcached's rejected connections): a snapshot reports what happened since the last one,
 * never the total since the server started. A counter that went back means a restart: everything it
 * counts happened since. Error replies the probe itself drew (its AUTH refused while a password
 * rotates) are taken off the next reading: they say nothing of how the node serves its clients.
 */
export class ErrorCounts {
  private readonly totals = new Map<string, number>();
  private readonly own = new Map<string, number>();

  /** Errors on this node since its previous reading; undefined for a first reading or an engine with no counter. */
  since(nodeId: string, probe: ProbeResult): number | undefined {
    if (probe.ownErrors) this.own.set(nodeId, (this.own.get(nodeId) ?? 0) + probe.ownErrors);
    const total = typeof probe.details.errors_total === 'number' ? probe.details.errors_total : undefined;
    if (total === undefined) return undefined;
    const previous = this.totals.get(nodeId);
    this.totals.set(nodeId, total);
    const own = this.own.get(nodeId) ?? 0;
    this.own.delete(nodeId);
    if (previous === undefined) return undefined;
    const counted = total >= previous ? total - previous : total;
    return Math.max(0, counted - own);
  }

  /** Forgets nodes no longer probed. */
  keepOnly(nodeIds: ReadonlySet<string>): void {
    for (const id of this.totals.keys()) if (!nodeIds.has(id)) this.totals.delete(id);
    for (const id of this.own.keys()) if (!nodeIds.has(id)) this.own.delete(id);
  }
}
