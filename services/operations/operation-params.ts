import { Type, type Static, type TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ClusterStatuses, type OperationType } from '../core/types';
import { BackupKinds } from '../core/engine-port';

/** An instant as Date#toISOString writes it (TypeBox checks no string formats unless registered). */
const IsoTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' });

/** When a non-urgent operation may start (its cluster's maintenance window); the runner holds it until then. */
const Held = { notBefore: Type.Optional(IsoTime) };

/** What a playbook adds to the operation it starts: the node the alert named (if any), the alert and the playbook. */
const Remediation = {
  ...Held,
  node: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  alertId: Type.Optional(Type.String()),
  playbook: Type.Optional(Type.String()),
};

const closed = { additionalProperties: false } as const;

const ParameterValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

/**
 * The params of each operation type: what its producer writes and its workflow reads. Checked when
 * the operation is recorded and again when the runner loads it, so a workflow step never reads a
 * shape it was not written for.
 */
export const OperationParamSchemas = {
  provision: Type.Object(
    {
      /** A clone: the primary is made from this backup (replayed to `to`, for PostgreSQL) instead of empty. */
      restore: Type.Optional(
        Type.Object(
          {
            backupId: Type.String(),
            sourceClusterId: Type.String(),
            label: Type.String(),
            to: Type.Optional(IsoTime),
          },
          closed,
        ),
      ),
    },
    closed,
  ),
  decommission: Type.Object(
    {
      /** The status to restore if the decommission is cancelled before any node is destroyed. */
      previousStatus: Type.Optional(Type.Union(ClusterStatuses.map((s) => Type.Literal(s)))),
    },
    closed,
  ),
  noop: Type.Object({}, closed),
  /**
   * A playbook adds `addNodesPerRegion`; a team asks for a size, `nodesPerRegion` (from
   * `fromNodesPerRegion`, so a scale-in knows which nodes leave and a retry plans the same ones).
   */
  scale: Type.Object(
    {
      ...Remediation,
      addNodesPerRegion: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
      nodesPerRegion: Type.Optional(Type.Integer({ minimum: 1, maximum: 96 })),
      fromNodesPerRegion: Type.Optional(Type.Integer({ minimum: 1, maximum: 96 })),
      urgent: Type.Optional(Type.Boolean()),
    },
    closed,
  ),
  upgrade: Type.Object(
    {
      ...Held,
      toVersion: Type.Optional(Type.String()),
      instanceType: Type.Optional(Type.String()),
      kernelVersion: Type.Optional(Type.String()),
      /** Run outside the maintenance window. */
      force: Type.Optional(Type.Boolean()),
      campaignId: Type.Optional(Type.String()),
      /** The before/after workloads (default: the standard set) and how long each runs. */
      workloads: Type.Optional(Type.Array(Type.String())),
      benchmarkSeconds: Type.Optional(Type.Number()),
      /** How much worse p99 or mean may get before it can count as a regression. */
      thresholdPercent: Type.Optional(Type.Number()),
    },
    closed,
  ),
  replace_node: Type.Object(
    {
      ...Remediation,
      /** Why proactive maintenance replaces the node (retirement, age), and by when it must. */
      maintenance: Type.Optional(Type.String()),
      deadline: Type.Optional(IsoTime),
    },
    closed,
  ),
  restart_node: Type.Object(Remediation, closed),
  benchmark: Type.Object(
    {
      workloads: Type.Array(Type.String(), { minItems: 1 }),
      durationSeconds: Type.Optional(Type.Number()),
    },
    closed,
  ),
  database_user: Type.Object(
    {
      ...Held,
      user: Type.String({ minLength: 1 }),
      /** create and rotate apply the password of `generation`; expire removes that generation's after its grace period. */
      action: Type.Union([Type.Literal('create'), Type.Literal('rotate'), Type.Literal('expire'), Type.Literal('delete')]),
      generation: Type.Integer({ minimum: 1 }),
    },
    closed,
  ),
  /** The control plane's own credential of the cluster: a new password on the servers, then stored in place of the current one. */
  rotate_credential: Type.Object({}, closed),
  /** Removes the previous credential, known by its SHA-256, after the grace period (engines where both work meanwhile). */
  retire_credential: Type.Object(
    { ...Held, previousSha256: Type.String({ pattern: '^[0-9a-f]{64}$' }), rotationId: Type.String({ minLength: 1 }) },
    closed,
  ),
  /** A backup (replayed to `to`, for PostgreSQL) restored onto the cluster's own nodes, confirmed by name. */
  restore_in_place: Type.Object(
    {
      backupId: Type.String(),
      label: Type.String(),
      to: Type.Optional(IsoTime),
    },
    closed,
  ),
  backup: Type.Object(
    {
      /** The backups row this operation fills in. */
      backupId: Type.String(),
      kind: Type.Union(BackupKinds.map((k) => Type.Literal(k))),
      /** How many full backups the policy keeps; older ones are expired after this one. */
      keepFull: Type.Optional(Type.Integer({ minimum: 1 })),
    },
    closed,
  ),
  /** Restores `backupId` into a scratch cluster, checks it against what the backup was recorded to hold, and destroys it. */
  restore_drill: Type.Object({ drillId: Type.String(), backupId: Type.String() }, closed),
  /**
   * Engine parameters (catalog names, values in the catalog's units) and what each was before, so a
   * failure puts every node back; `live`: the engine takes them all at runtime, else a rolling restart.
   */
  change_settings: Type.Object(
    {
      ...Held,
      settings: Type.Record(Type.String(), ParameterValue, { minProperties: 1 }),
      before: Type.Record(Type.String(), ParameterValue),
      live: Type.Boolean(),
      urgent: Type.Optional(Type.Boolean()),
    },
    closed,
  ),
  /** Every node restarted in turn, replicas before the primary, each serving again before the next. */
  rolling_restart: Type.Object({ ...Held, urgent: Type.Optional(Type.Boolean()) }, closed),
  /** Every node moved to `instanceType` in turn, replicas before the primary; back to `before` on failure. */
  resize: Type.Object(
    { ...Held, instanceType: Type.String({ minLength: 1 }), before: Type.String({ minLength: 1 }), urgent: Type.Optional(Type.Boolean()) },
    closed,
  ),
  /**
   * Every node's disk grown to `diskGb` (from `fromDiskGb`), and the usable capacity that gives;
   * `automatic`: the cluster's storage policy asked for it ahead of the forecast's exhaustion date.
   */
  grow_storage: Type.Object(
    {
      ...Held,
      diskGb: Type.Integer({ minimum: 1 }),
      fromDiskGb: Type.Number({ exclusiveMinimum: 0 }),
      usableCapacityGb: Type.Number({ minimum: 0 }),
      urgent: Type.Optional(Type.Boolean()),
      automatic: Type.Optional(Type.Boolean()),
    },
    closed,
  ),
  /** The primary role handed from `fromNode` through the cluster's HA manager, to `toNode` when named, else to the replica it picks. */
  switchover: Type.Object(
    { ...Held, fromNode: Type.String(), toNode: Type.Optional(Type.String()), urgent: Type.Optional(Type.Boolean()) },
    closed,
  ),
} as const satisfies Record<OperationType, TObject>;

export type OperationParams = { [T in OperationType]: Static<(typeof OperationParamSchemas)[T]> };

export interface ParamProblem {
  path: string;
  message: string;
}

/** Every way `params` fails the schema of `type`; empty when it fits. */
export function paramProblems(type: OperationType, params: unknown): ParamProblem[] {
  const schema: TObject = OperationParamSchemas[type];
  return [...Value.Errors(schema, params)].map((e) => ({ path: `params${e.path}`, message: e.message }));
}

/** `params` as the typed params of `type`, or the problems that stop it being one. */
export function parseOperationParams<T extends OperationType>(
  type: T,
  params: unknown,
): { ok: true; params: OperationParams[T] } | { ok: false; problems: ParamProblem[] } {
  const problems = paramProblems(type, params);
  return problems.length === 0 ? { ok: true, params: params as OperationParams[T] } : { ok: false, problems };
}

export const describeProblems = (problems: ParamProblem[]): string => problems.map((p) => `${p.path || 'params'}: ${p.message}`).join('; ');

/** The params that say when a change a team asked for may start: urgent (now), or not before its window opens. */
export function schedulingParams(urgent: boolean | undefined, notBefore: string | null): { urgent?: true; notBefore?: string } {
  return { ...(urgent ? { urgent: true as const } : {}), ...(notBefore ? { notBefore } : {}) };
}
