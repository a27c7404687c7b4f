import { Type, type Static } from '@sinclair/typebox';
import { ClusterStatuses, Environments, NodeRoles, NodeStates } from '../../core/types';
import { CLUSTER_NAME_PATTERN } from '../../fleet/defaults';
import { NodeDisplayStates, ObservedHealthStates } from '../../fleet/node-condition';
import { EngineNameSchema, EngineNameText, Nullable, PlainText, StringEnum, Timestamp } from './common';
import { Contact, InstanceTypeName, RegionName, Tags as TagMap, VersionText } from './fields';

export const SlaSchema = Type.Object(
  {
    p99ReadMs: Type.Number({ exclusiveMinimum: 0, maximum: 60_000 }),
    p99WriteMs: Type.Number({ exclusiveMinimum: 0, maximum: 60_000 }),
    availability: Type.Number({ minimum: 90, maximum: 99.9999 }),
  },
  { additionalProperties: false },
);

export const WindowSchema = Type.Object(
  {
    day: StringEnum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const),
    start: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM in timeZone' }),
    durationMinutes: Type.Integer({ minimum: 30, maximum: 720 }),
    timeZone: PlainText({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Dublin' }),
  },
  { additionalProperties: false },
);

const Tags = TagMap(30);
const Contacts = Type.Array(Contact, { maxItems: 20 });

export const CreateClusterBody = Type.Object(
  {
    name: Type.String({ pattern: CLUSTER_NAME_PATTERN, description: 'DNS-safe, 3-40 characters' }),
    engine: EngineNameSchema,
    owner: PlainText({ minLength: 1, maxLength: 200, description: 'team name or team email' }),
    expectedDataGb: Type.Number({ exclusiveMinimum: 0, maximum: 10_000_000 }),
    regions: Type.Array(RegionName, { minItems: 1, maxItems: 6 }),
    environment: Type.Optional(StringEnum(Environments)),
    version: Type.Optional(VersionText('a version from the engine catalog (GET /api/engines)')),
    contacts: Type.Optional(Contacts),
    sla: Type.Optional(SlaSchema),
    maintenanceWindow: Type.Optional(WindowSchema),
    tags: Type.Optional(Tags),
    synchronousReplication: Type.Optional(
      Type.Boolean({
        description:
          'every commit waits until a replica holds it, so a failover loses no acknowledged write (PostgreSQL under Patroni, two nodes or more; default false)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateClusterBody = Static<typeof CreateClusterBody>;

/** The create body before it is sent: the same fields, the name not yet required. */
export const PreviewClusterBody = Type.Object(
  { ...CreateClusterBody.properties, name: Type.Optional(CreateClusterBody.properties.name) },
  { additionalProperties: false },
);

export const ClusterPreviewJson = Type.Object({
  engine: Type.String(),
  owner: Type.String(),
  regions: Type.Array(Type.String()),
  environment: Type.String(),
  version: Type.String(),
  nodesPerRegion: Type.Integer(),
  nodeCount: Type.Integer(),
  instanceType: Type.String(),
  replicationFactor: Type.Integer(),
  usableCapacityGb: Type.Number(),
  monthlyCostUsd: Type.Number(),
  simulated: Type.Boolean(),
});
export type ClusterPreviewJson = Static<typeof ClusterPreviewJson>;

export const UpdateClusterBody = Type.Object(
  {
    owner: Type.Optional(PlainText({ minLength: 1, maxLength: 200 })),
    sla: Type.Optional(SlaSchema),
    maintenanceWindow: Type.Optional(Nullable(WindowSchema)),
    contacts: Type.Optional(Contacts),
    tags: Type.Optional(Tags),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateClusterBody = Static<typeof UpdateClusterBody>;

export const DecommissionBody = Type.Object({ reason: Type.Optional(PlainText({ maxLength: 500 })) }, { additionalProperties: false });

export const ListClustersQuery = Type.Object(
  {
    engine: Type.Optional(EngineNameSchema),
    version: Type.Optional(VersionText()),
    region: Type.Optional(RegionName),
    environment: Type.Optional(StringEnum(Environments)),
    owner: Type.Optional(PlainText({ maxLength: 200 })),
    status: Type.Optional(StringEnum(ClusterStatuses)),
    q: Type.Optional(PlainText({ maxLength: 40 })),
    includeDecommissioned: Type.Optional(
      Type.Boolean({ description: 'false leaves out DECOMMISSIONED clusters unless `status` asks for them; default true' }),
    ),
    sort: Type.Optional(Type.String({ pattern: '^-?(name|createdAt|monthlyCostUsd|nodeCount|version|oldestNodeAt|status|engine)$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1000,
        pattern: '^[A-Za-z0-9_-]+$',
        description: "a page's nextCursor, to continue after it under the same sort (instead of offset)",
      }),
    ),
    fields: Type.Optional(Type.String({ maxLength: 500, pattern: '^[A-Za-z, ]*$', description: 'comma-separated field names to return' })),
  },
  { additionalProperties: false },
);
export type ListClustersQuery = Static<typeof ListClustersQuery>;

/** What the health stream last confirmed of a cluster: its state and the live nodes that are not healthy. */
export const ClusterHealthJson = Type.Object({
  state: StringEnum(ObservedHealthStates),
  score: Nullable(Type.Number()),
  causes: Type.Array(Type.String()),
  unhealthyNodes: Type.Array(Type.String(), { description: 'names of live nodes whose health is unhealthy' }),
  degradedNodes: Type.Array(Type.String()),
});

export const ClusterJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  engine: EngineNameText,
  environment: StringEnum(Environments),
  regions: Type.Array(Type.String()),
  owner: Type.Object({ id: Type.String(), name: Type.String() }),
  contacts: Type.Array(Type.String()),
  expectedDataGb: Type.Number(),
  version: Type.String(),
  instanceType: Type.String(),
  nodeCount: Type.Integer(),
  nodesPerRegion: Type.Integer(),
  replicationFactor: Type.Integer(),
  usableCapacityGb: Type.Number(),
  settings: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  synchronousReplication: Type.Boolean({ description: 'every commit waits until a replica holds it' }),
  status: StringEnum(ClusterStatuses),
  statusReason: Nullable(Type.String()),
  sla: SlaSchema,
  maintenanceWindow: Nullable(WindowSchema),
  tags: Type.Record(Type.String(), Type.String()),
  simulated: Type.Boolean(),
  /** A clone: the cluster and backup it was restored from, and the point in time if one was asked for. */
  origin: Nullable(
    Type.Object({
      clusterId: Type.String(),
      clusterName: Type.String(),
      backupId: Type.String(),
      to: Type.Optional(Timestamp),
      drillId: Type.Optional(Type.String({ description: "a restore drill's scratch cluster: the drill that made it" })),
    }),
  ),
  failoverManager: Nullable(
    Type.String({ description: "the engine's own HA manager that fails the primary over ('sentinel'); null: a person does" }),
  ),
  failoverNote: Nullable(Type.String({ description: 'why the cluster has no automatic failover, when its engine could have it' })),
  monthlyCostUsd: Type.Number(),
  oldestNodeAt: Nullable(Timestamp),
  oldestNodeAgeDays: Nullable(Type.Number()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** Observed health, beside the lifecycle `status`; present on the inventory list and the single-cluster read. */
  health: Type.Optional(ClusterHealthJson),
});

export const NodeHealthJson = Type.Object({
  state: StringEnum(ObservedHealthStates),
  score: Nullable(Type.Number()),
  causes: Type.Array(Type.String()),
  since: Nullable(Timestamp),
});

export const NodeJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  region: Type.String(),
  zone: Type.String(),
  role: StringEnum(NodeRoles),
  provider: Type.String(),
  host: Nullable(Type.String()),
  port: Nullable(Type.Integer()),
  state: StringEnum(NodeStates, { description: 'lifecycle state: what the provider was asked for and last reported' }),
  health: NodeHealthJson,
  displayState: StringEnum(NodeDisplayStates, {
    description: 'what to show: the lifecycle state, or the observed health when a running node is not healthy',
  }),
  displayReason: Nullable(Type.String()),
  softwareVersion: Type.String(),
  kernelVersion: Type.String(),
  instanceType: Type.String(),
  launchedAt: Nullable(Timestamp),
  ageDays: Nullable(Type.Number()),
  simulated: Type.Boolean(),
});

export const ClusterDetailJson = Type.Composite([
  ClusterJson,
  Type.Object({
    nodes: Type.Array(NodeJson),
    connection: Type.String(),
    modelledFailoverManager: Nullable(
      Type.String({
        description:
          "a simulated cluster's HA manager as the simulated cloud models it ('sentinel', 'patroni'): it fails the cluster over and switches it over; null otherwise",
      }),
    ),
  }),
]);

export const ClusterListJson = Type.Object({
  items: Type.Array(Type.Partial(ClusterJson)),
  total: Type.Integer({ description: 'clusters matching the filters, counted up to a cap: with totalCapped, at least this many' }),
  totalCapped: Type.Boolean({ description: 'true when counting stopped at the cap (10,000, or one page past a deeper offset)' }),
  limit: Type.Integer(),
  offset: Type.Integer({ description: '0 on a page reached by cursor' }),
  nextCursor: Nullable(Type.String({ description: 'pass as ?cursor= for the page after this one; null on the last page' })),
});

const Hostname = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern: '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\\[?[0-9A-Fa-f:.]+\\]?$',
  description: 'host name or IP address',
});

export const AdoptedEndpointBody = Type.Object(
  {
    host: Hostname,
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    role: Type.Optional(StringEnum(NodeRoles)),
    zone: Type.Optional(PlainText({ minLength: 1, maxLength: 60 })),
  },
  { additionalProperties: false },
);

export const AdoptClusterBody = Type.Object(
  {
    name: Type.String({ pattern: CLUSTER_NAME_PATTERN, description: 'DNS-safe, 3-40 characters' }),
    engine: EngineNameSchema,
    owner: PlainText({ minLength: 1, maxLength: 200, description: 'team name or team email' }),
    region: RegionName,
    endpoints: Type.Array(AdoptedEndpointBody, { minItems: 1, maxItems: 50 }),
    credentials: Type.Object(
      {
        username: Type.Optional(PlainText({ minLength: 1, maxLength: 100, description: "the engine's admin login (GET /api/engines)" })),
        password: Type.String({ minLength: 1, maxLength: 500, description: 'sealed at rest; never returned' }),
      },
      { additionalProperties: false },
    ),
    environment: Type.Optional(StringEnum(Environments)),
    version: Type.Optional(VersionText('what the servers run; default: what they report')),
    instanceType: Type.Optional(InstanceTypeName),
    expectedDataGb: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_000_000 })),
    contacts: Type.Optional(Contacts),
    sla: Type.Optional(SlaSchema),
    maintenanceWindow: Type.Optional(WindowSchema),
    tags: Type.Optional(Tags),
  },
  { additionalProperties: false },
);
export type AdoptClusterBody = Static<typeof AdoptClusterBody>;
