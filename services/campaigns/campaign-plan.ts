import { InputError } from '../core/errors';
import { nextWindow } from '../fleet/maintenance-window';
import type { EngineName, Environment, MaintenanceWindow } from '../core/types';

export interface CampaignCluster {
  id: string;
  name: string;
  engine: EngineName;
  environment: Environment;
  sla: { p99ReadMs: number; availability: number };
  window: MaintenanceWindow | null;
  version: string;
  instanceType: string;
  regions: readonly string[];
  owner: string;
  tags?: Record<string, string>;
}

/** Which clusters a campaign covers; every given criterion must match (a tag: key and value). */
export interface CampaignSelector {
  regions?: readonly string[];
  owners?: readonly string[];
  tags?: Record<string, string>;
}

/** What a campaign moves clusters to: a version, an instance type, or both (at least one). */
export interface CampaignTarget {
  engine: EngineName;
  fromVersion?: string;
  toVersion?: string;
  toInstanceType?: string;
}

/** What of the target a cluster still lacks: the version and/or the instance type to move it to; empty when it is there. */
export function remainingChange(
  target: { toVersion?: string | null; toInstanceType?: string | null },
  cluster: { version: string; instanceType: string },
): { toVersion?: string; instanceType?: string } {
  return {
    ...(target.toVersion && cluster.version !== target.toVersion ? { toVersion: target.toVersion } : {}),
    ...(target.toInstanceType && cluster.instanceType !== target.toInstanceType ? { instanceType: target.toInstanceType } : {}),
  };
}

/** The target in words, for skip reasons and operation reasons: "5.0.2", "m5.2xlarge" or "5.0.2 on m5.2xlarge". */
export function targetLabel(target: { toVersion?: string | null; toInstanceType?: string | null }): string {
  return [target.toVersion, target.toInstanceType].filter(Boolean).join(' on ');
}

export interface CampaignPlanInput {
  clusters: readonly CampaignCluster[];
  target: CampaignTarget;
  selector?: CampaignSelector;
  /** Test clusters form the first wave; prod clusters follow in waves of prodWaveSize. */
  waves: { testFirst: true; prodWaveSize: number };
  /** Clusters upgrading at the same moment, within a wave. */
  inFlight: number;
  /** Wait after a wave finishes before the next begins. */
  soakMinutes: number;
  now: Date;
  /** Estimated duration of one cluster's upgrade, benchmarks included. */
  upgradeMinutes: number;
  /** Versions reachable in one step from a version: the engine's catalog (the engine registry's). */
  upgradePaths: (engine: EngineName, from: string) => string[];
}

export interface PlannedCluster {
  id: string;
  name: string;
  /** The next window opening at or after the wave can start (the wave start itself for a cluster with no window). */
  earliestStart: string;
  /** When it is expected to start given the in-flight limit, and to finish. */
  plannedStart: string;
  plannedEnd: string;
}

export interface CampaignPlan {
  waves: Array<{ index: number; environment: Environment; start: string; end: string; clusters: PlannedCluster[] }>;
  estimatedEnd: string;
  skipped: Array<{ id: string; name: string; reason: string }>;
}

const MINUTE = 60_000;
const addMinutes = (at: Date, minutes: number) => new Date(at.getTime() + minutes * MINUTE);

/**
 * When an upgrade that may begin at `from` can start: at once without a window; inside an open
 * window only if it can finish before the window closes; otherwise at the next opening. A window
 * shorter than the upgrade starts it at its opening (the nearest we can do; it overruns).
 */
export function startWithinWindow(window: MaintenanceWindow | null, from: Date, upgradeMinutes: number): Date {
  if (!window) return from;
  const current = nextWindow(window, from);
  if (current.openNow && addMinutes(from, upgradeMinutes) <= current.closes) return from;
  if (!current.openNow) return current.opens;
  return nextWindow(window, current.closes).opens; // the rest of this window is too short: next week's
}

/** Less critical first: lower availability, then a looser p99 target, then by name for a stable order. */
export function byCriticality(a: CampaignCluster, b: CampaignCluster): number {
  return a.sla.availability - b.sla.availability || b.sla.p99ReadMs - a.sla.p99ReadMs || a.name.localeCompare(b.name);
}

function matches(cluster: CampaignCluster, selector: CampaignSelector | undefined): boolean {
  if (!selector) return true;
  if (selector.regions?.length && !cluster.regions.some((r) => selector.regions!.includes(r))) return false;
  if (selector.owners?.length && !selector.owners.includes(cluster.owner)) return false;
  return Object.entries(selector.tags ?? {}).every(([key, value]) => cluster.tags?.[key] === value);
}

/**
 * Plans a fleet upgrade campaign; pure (no clock, no I/O): the dry run an operator reads before
 * starting one, and the schedule the campaign workflow follows.
 *
 * - Only clusters of the target engine that the selector matches take part.
 * - Such a cluster is skipped, with the reason, when it is already on the target (version and/or
 *   instance type), is not on
 *   `fromVersion` (when given), or has no direct upgrade path to the target.
 * - Wave 0 holds every test cluster; prod clusters follow, least critical first, prodWaveSize per wave.
 * - Within a wave at most `inFlight` clusters upgrade at once, each inside its maintenance window;
 *   a wave starts `soakMinutes` after the previous one ends.
 */
export function planCampaign(input: CampaignPlanInput): CampaignPlan {
  const { target } = input;
  if (!Number.isInteger(input.waves.prodWaveSize) || input.waves.prodWaveSize < 1)
    throw new InputError('prodWaveSize must be a whole number of at least 1', { prodWaveSize: input.waves.prodWaveSize });
  if (!Number.isInteger(input.inFlight) || input.inFlight < 1)
    throw new InputError('inFlight must be a whole number of at least 1', { inFlight: input.inFlight });
  if (!(input.soakMinutes >= 0)) throw new InputError('soakMinutes must be zero or more', { soakMinutes: input.soakMinutes });
  if (!(input.upgradeMinutes > 0)) throw new InputError('upgradeMinutes must be positive', { upgradeMinutes: input.upgradeMinutes });
  const paths = input.upgradePaths;

  const skipped: CampaignPlan['skipped'] = [];
  const eligible: CampaignCluster[] = [];
  for (const cluster of input.clusters) {
    if (cluster.engine !== target.engine || !matches(cluster, input.selector)) continue;
    const skip = (reason: string) => skipped.push({ id: cluster.id, name: cluster.name, reason });
    const change = remainingChange(target, cluster);
    if (!change.toVersion && !change.instanceType) skip(`already on ${targetLabel(target)}`);
    else if (target.fromVersion !== undefined && cluster.version !== target.fromVersion)
      skip(`on ${cluster.version}; this campaign upgrades ${target.fromVersion}`);
    else if (change.toVersion && !paths(cluster.engine, cluster.version).includes(change.toVersion)) {
      const reachable = paths(cluster.engine, cluster.version);
      skip(
        `no upgrade path from ${cluster.version} to ${change.toVersion}${reachable.length ? ` (it can go to ${reachable.join(', ')})` : ''}`,
      );
    } else eligible.push(cluster);
  }

  const test = eligible.filter((c) => c.environment === 'test').sort(byCriticality);
  const prod = eligible.filter((c) => c.environment === 'prod').sort(byCriticality);
  const groups: Array<{ environment: Environment; clusters: CampaignCluster[] }> = [];
  if (test.length) groups.push({ environment: 'test', clusters: test });
  for (let i = 0; i < prod.length; i += input.waves.prodWaveSize)
    groups.push({ environment: 'prod', clusters: prod.slice(i, i + input.waves.prodWaveSize) });

  const waves: CampaignPlan['waves'] = [];
  let waveStart = input.now;
  let end = input.now;
  for (const group of groups) {
    const scheduled = scheduleWave(group.clusters, waveStart, input.inFlight, input.upgradeMinutes);
    const waveEnd = new Date(Math.max(waveStart.getTime(), ...scheduled.map((c) => Date.parse(c.plannedEnd))));
    waves.push({
      index: waves.length,
      environment: group.environment,
      start: waveStart.toISOString(),
      end: waveEnd.toISOString(),
      clusters: scheduled,
    });
    end = waveEnd;
    waveStart = addMinutes(waveEnd, input.soakMinutes);
  }
  return { waves, estimatedEnd: end.toISOString(), skipped };
}

/**
 * Clusters of one wave on `inFlight` slots. Clusters are taken in the order their windows open, so
 * one waiting days for its window does not hold a slot others could use; each takes the slot that
 * frees first. The result keeps the wave's criticality order.
 */
function scheduleWave(clusters: CampaignCluster[], waveStart: Date, inFlight: number, upgradeMinutes: number): PlannedCluster[] {
  const earliest = new Map(clusters.map((c) => [c.id, startWithinWindow(c.window, waveStart, upgradeMinutes)]));
  const order = [...clusters].sort((a, b) => earliest.get(a.id)!.getTime() - earliest.get(b.id)!.getTime());
  const slots = Array.from({ length: Math.min(inFlight, clusters.length) }, () => waveStart.getTime());
  const planned = new Map<string, PlannedCluster>();
  for (const cluster of order) {
    let slot = 0;
    for (let i = 1; i < slots.length; i += 1) if (slots[i]! < slots[slot]!) slot = i;
    const first = earliest.get(cluster.id)!;
    const start = slots[slot]! <= first.getTime() ? first : startWithinWindow(cluster.window, new Date(slots[slot]!), upgradeMinutes);
    const finish = addMinutes(start, upgradeMinutes);
    slots[slot] = finish.getTime();
    planned.set(cluster.id, {
      id: cluster.id,
      name: cluster.name,
      earliestStart: first.toISOString(),
      plannedStart: start.toISOString(),
      plannedEnd: finish.toISOString(),
    });
  }
  return clusters.map((c) => planned.get(c.id)!);
}

export type ClusterUpgradeOutcome = 'pending' | 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'skipped' | 'cancelled';

export interface HaltDecision {
  halt: boolean;
  /** Clusters whose upgrade failed or was rolled back by the gate. */
  failures: number;
  failureBudget: number;
  reason: string | null;
}

/**
 * Whether a campaign must stop: once more clusters have failed (or been rolled back) than the
 * failure budget allows. A budget of 0 halts on the first failure.
 */
export function campaignHalts(
  results: ReadonlyArray<{ name?: string; outcome: ClusterUpgradeOutcome }>,
  failureBudget: number,
): HaltDecision {
  if (!Number.isInteger(failureBudget) || failureBudget < 0)
    throw new InputError('failureBudget must be a whole number of zero or more', { failureBudget });
  const failed = results.filter((r) => r.outcome === 'failed' || r.outcome === 'rolled_back');
  const halt = failed.length > failureBudget;
  const names = failed.map((r) => r.name).filter(Boolean);
  return {
    halt,
    failures: failed.length,
    failureBudget,
    reason: halt
      ? `${failed.length} cluster upgrade(s) failed${names.length ? ` (${names.join(', ')})` : ''}, over the failure budget of ${failureBudget}`
      : null,
  };
}
