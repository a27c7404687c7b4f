import type { UpgradesDeps } from './upgrades-deps';
import type { Operation } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { OperationService } from '../operations/operation-service';
import { schedulingParams } from '../operations/operation-params';
import { heldUntil } from './day2-terms';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ProblemList } from '../core/request-problems';
import { UnavailableError, UnprocessableError } from '../core/errors';
import { isSimulated } from '../providers/capabilities';
import { parameterProblem, valueFromConfig, type ParameterSpec, type ParameterValue } from '../core/engine-settings';
import { conflictUnlessActive } from '../fleet/active-cluster';

export interface SettingsRequest {
  settings: Record<string, ParameterValue>;
  /** Apply now rather than in the cluster's next maintenance window. */
  urgent?: boolean;
  reason?: string;
}

/** One parameter's change as the preview shows it. */
export interface SettingChange {
  name: string;
  from: ParameterValue;
  to: ParameterValue;
  unit: string | null;
  applies: 'live' | 'restart';
}

/** What a settings change would do, before it is asked for: the diff, how it applies, when, and its cost. */
export interface SettingsPreview {
  changes: SettingChange[];
  /** 'live' when every change is taken at runtime; 'rolling-restart' when any needs a restart. */
  applies: 'live' | 'rolling-restart';
  /** When it would start: the next maintenance window, or null for now. */
  notBefore: string | null;
  monthlyCostUsd: { before: number; after: number; difference: number };
}

/**
 * Per-engine parameters from the engine's catalog (type and range), changed on every node of a
 * cluster by a durable `change_settings` operation: a diff first, live where the engine takes the
 * parameter at runtime, by rolling restart where it does not, every node put back on failure. Held
 * until the maintenance window unless urgent.
 */
export class SettingsService {
  constructor(
    private readonly ctx: UpgradesDeps,
    private readonly operations: OperationService,
  ) {}

  /** The parameters a team may change on this cluster, each with its current value. */
  async catalog(cluster: ClusterRecord): Promise<Array<ParameterSpec & { current: ParameterValue }>> {
    const parameters = this.parameters(cluster);
    const current = await this.currentValues(cluster);
    return parameters.map((spec) => ({ ...spec, current: current(spec) }));
  }

  /** The diff, how and when it would apply and what it costs; every problem of the request at once. */
  async preview(actor: Actor, cluster: ClusterRecord, request: SettingsRequest): Promise<SettingsPreview> {
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    const parameters = this.parameters(cluster);
    const current = await this.currentValues(cluster);
    const problems = new ProblemList();
    const changes: SettingChange[] = [];
    const entries = Object.entries(request.settings ?? {});
    if (entries.length === 0)
      problems.add({ path: 'body/settings', message: 'name at least one parameter to change', allowed: parameters.map((p) => p.name) });
    for (const [name, value] of entries) {
      const spec = parameters.find((p) => p.name === name);
      if (!spec) {
        problems.add({
          path: `body/settings/${name}`,
          message: `"${name}" is not a ${cluster.engine} parameter that can be changed; known: ${parameters.map((p) => p.name).join(', ')}`,
          allowed: parameters.map((p) => p.name),
        });
        continue;
      }
      const problem = parameterProblem(spec, value);
      if (problem) {
        problems.add({ path: `body/settings/${name}`, message: problem, ...(spec.values ? { allowed: spec.values } : {}) });
        continue;
      }
      const from = current(spec);
      if (from !== value) changes.push({ name, from, to: value, unit: spec.unit ?? null, applies: spec.applies });
    }
    if (entries.length > 0 && !problems.invalid && changes.length === 0)
      problems.add({ path: 'body/settings', message: `nothing changes: ${cluster.name} already has these values` });
    conflictUnlessActive(problems, cluster, "an ACTIVE cluster's settings are changed");
    problems.throwIfAny();
    return {
      changes,
      applies: changes.every((c) => c.applies === 'live') ? 'live' : 'rolling-restart',
      notBefore: heldUntil(this.ctx, cluster, request.urgent ?? false),
      // Parameters change no instance: the same nodes cost the same.
      monthlyCostUsd: { before: cluster.monthlyCostUsd, after: cluster.monthlyCostUsd, difference: 0 },
    };
  }

  async request(
    actor: Actor,
    cluster: ClusterRecord,
    request: SettingsRequest,
  ): Promise<{ preview: SettingsPreview; operation: Operation }> {
    const preview = await this.preview(actor, cluster, request);
    const who = actorLabel(actor);
    const settings = Object.fromEntries(preview.changes.map((c) => [c.name, c.to]));
    const before = Object.fromEntries(preview.changes.map((c) => [c.name, c.from]));
    const why = request.reason ?? `settings: ${preview.changes.map((c) => `${c.name} ${String(c.from)} → ${String(c.to)}`).join(', ')}`;
    const operation = await this.operations.requestAudited({
      cluster,
      lockCluster: true,
      notBefore: preview.notBefore,
      request: {
        clusterId: cluster.id,
        type: 'change_settings',
        requestedBy: who,
        reason: why,
        params: { settings, before, live: preview.applies === 'live', ...schedulingParams(request.urgent, preview.notBefore) },
      },
      audit: { action: 'cluster.settings', before, after: settings },
    });
    return { preview, operation };
  }

  private parameters(cluster: ClusterRecord): readonly ParameterSpec[] {
    const settings = this.ctx.engines.get(cluster.engine).settings;
    if (!settings) throw new UnprocessableError(`${cluster.engine} has no parameters that can be changed here`, { engine: cluster.engine });
    return settings.parameters;
  }

  /**
   * Each parameter's value now: as the primary reports it where the nodes are real servers (local
   * nodes run with a machine's limits, not the spec's), else as the cluster's spec says, else the
   * engine's default.
   */
  private async currentValues(cluster: ClusterRecord): Promise<(spec: ParameterSpec) => ParameterValue> {
    const fromSpec = (spec: ParameterSpec) => valueFromConfig(spec, cluster.spec.settings[spec.name]) ?? spec.default;
    const nodes = await this.ctx.repos.nodes.forCluster(cluster.id);
    const primary = nodes.find((n) => n.role === 'primary') ?? nodes[0];
    if (!primary?.host || !primary.port || isSimulated(this.ctx.providers.forRegion(primary.region))) return fromSpec;
    const engine = this.ctx.engines.get(cluster.engine);
    const password = await this.ctx.repos.clusters.password(cluster.id);
    const read = await engine
      .settings!.read(
        { name: primary.name, host: primary.host, port: primary.port, role: primary.role },
        { username: engine.adminUsername, password },
      )
      .catch((error: unknown) => {
        throw new UnavailableError(`cannot read the settings of ${primary.name}: ${(error as Error).message}`);
      });
    return (spec) => read[spec.name] ?? fromSpec(spec);
  }
}
