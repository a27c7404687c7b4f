import type { WorkflowDeps } from '../../workflow-deps';
import type { ClusterRecord } from '../../../fleet/cluster-record';
import type { ClusterNode } from '../../../core/types';
import type { ProviderNode } from '../../../providers/provider';
import { configValues, valueFromConfig, type ParameterValue } from '../../../core/engine-settings';
import { credentialsFor } from '../cluster-credentials';
import { nodeIsSimulated } from '../cluster-provider';

type Settings = Record<string, ParameterValue>;

/** The settings a resize changes with the size: their values on the size before and on the new one. */
export interface SizedSettingsChange {
  before: Settings;
  after: Settings;
}

/**
 * What depends on the instance type (Redis maxmemory, PostgreSQL shared_buffers, memcached's item
 * memory), as the engine sizes it for the new type, for every such setting whose value changes with
 * the size and that the team has not set itself (a succeeded settings change keeps it). A setting
 * the engine's catalog offers is written in the catalog's unit, so the configuration file, the live
 * change and the spec hold the same value.
 */
export async function sizedSettingsChange(
  ctx: WorkflowDeps,
  cluster: ClusterRecord,
  fromType: string,
  toType: string,
): Promise<SizedSettingsChange> {
  const engine = ctx.engines.get(cluster.engine);
  const from = ctx.regions.instanceTypes.get(fromType);
  const to = ctx.regions.instanceTypes.get(toType);
  if (!from || !to) return { before: {}, after: {} };
  const input = {
    version: cluster.spec.version,
    environment: cluster.environment,
    expectedDataGb: cluster.expectedDataGb,
    nodesPerRegion: cluster.spec.nodesPerRegion,
    replicationFactor: cluster.spec.replicationFactor,
  };
  const parameters = engine.settings?.parameters ?? [];
  const inCatalogUnits = (settings: Settings): Settings =>
    Object.fromEntries(
      Object.entries(settings).map(([name, raw]) => {
        const spec = parameters.find((p) => p.name === name);
        const value = spec?.suffix ? valueFromConfig(spec, raw) : null;
        return [name, value === null ? raw : configValues(parameters, { [name]: value })[name]!];
      }),
    );
  const sizedBefore = inCatalogUnits(engine.settingsForSize(input, from));
  const sizedAfter = inCatalogUnits(engine.settingsForSize(input, to));
  const setByTeam = new Set(await ctx.repos.operations.settingsSetExplicitly(cluster.id));
  const change: SizedSettingsChange = { before: {}, after: {} };
  for (const [name, value] of Object.entries(sizedAfter)) {
    if (setByTeam.has(name) || sizedBefore[name] === value) continue;
    change.after[name] = value;
    change.before[name] = cluster.spec.settings[name] ?? sizedBefore[name] ?? value;
  }
  return change;
}

/**
 * After a node's change, sets the engine's live parameters among `settings` on the running node
 * (Redis CONFIG SET maxmemory), so a node the provider changed without a restart runs with them too.
 * Simulated nodes have no server to tell.
 */
export function applySizedSettingsLive(ctx: WorkflowDeps, cluster: ClusterRecord, settings: Settings) {
  const engineSettings = ctx.engines.get(cluster.engine).settings;
  const live = Object.fromEntries(
    (engineSettings?.parameters ?? []).flatMap((spec) => {
      const value = spec.applies === 'live' ? valueFromConfig(spec, settings[spec.name]) : null;
      return value === null ? [] : [[spec.name, value] as const];
    }),
  );
  if (!engineSettings || Object.keys(live).length === 0) return undefined;
  return async (node: ClusterNode, changed: ProviderNode): Promise<void> => {
    if (nodeIsSimulated(ctx, node)) return;
    const endpoint = { name: node.name, host: changed.host, port: changed.port, role: node.role };
    await engineSettings.applyLive(endpoint, await credentialsFor(ctx, cluster), live);
  };
}
