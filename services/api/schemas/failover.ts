import { Type } from '@sinclair/typebox';
import { Nullable, PlainText, Timestamp } from './common';

const Topology = Type.Object({
  primary: Nullable(Type.String()),
  replicas: Type.Array(Type.String()),
  down: Type.Array(Type.String()),
  managersReachable: Type.Optional(Type.Integer()),
  managersTotal: Type.Optional(Type.Integer()),
});

/** One change of primary, as the HA manager decided it and Datafleet recorded it. */
export const FailoverEventJson = Type.Object({
  id: Type.String(),
  clusterId: Type.String(),
  clusterName: Type.String(),
  kind: Type.Union([Type.Literal('failover'), Type.Literal('switchover')], {
    description: 'failover: the primary died (unplanned); switchover: it handed over on request (planned)',
  }),
  planned: Type.Boolean(),
  decidedBy: Type.String({ description: "the HA manager that decided ('sentinel')" }),
  requestedBy: Nullable(Type.String({ description: 'who asked for it (an operation); null when the HA manager acted alone' })),
  oldPrimary: Nullable(Type.String()),
  newPrimary: Nullable(Type.String()),
  unavailableMs: Nullable(Type.Integer({ description: 'how long writes were refused, as the HA manager measured it' })),
  operationId: Nullable(Type.String()),
  before: Topology,
  after: Topology,
  observedAt: Timestamp,
});

export const SwitchoverBody = Type.Object(
  {
    toNode: Type.Optional(
      PlainText({ minLength: 1, maxLength: 200, description: 'the replica to hand the primary role to; default: the HA manager picks' }),
    ),
    urgent: Type.Optional(Type.Boolean({ description: 'switch over now instead of in the next maintenance window' })),
  },
  { additionalProperties: false },
);

export const SwitchoverPreviewJson = Type.Object({
  from: Type.String(),
  to: Nullable(Type.String()),
  manager: Type.String(),
  notBefore: Nullable(Type.String()),
});

export const FailoversQuery = Type.Object(
  {
    since: Type.Optional(Timestamp),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
