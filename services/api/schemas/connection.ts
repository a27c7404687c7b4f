import { Type, type Static } from '@sinclair/typebox';
import { EngineNameText, Nullable, StringEnum } from './common';
import { NodeRoles } from '../../core/types';

export const ConnectionQuery = Type.Object(
  {
    reveal: Type.Optional(
      Type.Boolean({ description: 'true: include the password (in `password`, the URI and the command); every reveal is audited' }),
    ),
  },
  { additionalProperties: false },
);

export const ConnectionJson = Type.Object({
  cluster: Type.Object({ id: Type.String(), name: Type.String() }),
  engine: EngineNameText,
  simulated: Type.Boolean({ description: 'the nodes are the simulated cloud’s: nothing answers at these addresses' }),
  uri: Type.String({ description: 'what the engine’s drivers take; the password masked (********) unless revealed' }),
  hosts: Type.Array(Type.Object({ name: Type.String(), host: Type.String(), port: Type.Integer(), role: StringEnum(NodeRoles) }), {
    description: 'every node with an address, primaries first',
  }),
  port: Type.Integer({ description: 'the port of the node the URI and the command name first' }),
  tlsMode: StringEnum(['disabled', 'required'] as const),
  username: Nullable(Type.String({ description: 'the cluster’s admin login; null where the engine has none (memcached)' })),
  password: Nullable(Type.String({ description: 'only when revealed' })),
  revealed: Type.Boolean(),
  database: Nullable(Type.String({ description: 'the database the URI opens, where the engine has one' })),
  command: Type.String({ description: 'the engine’s own client: redis-cli, psql, cqlsh, curl, or nc for memcached' }),
  notes: Type.Array(Type.String()),
  failoverManager: Nullable(
    Type.Object(
      {
        kind: StringEnum(['sentinel', 'patroni'] as const),
        masterName: Type.String(),
        hosts: Type.Array(Type.Object({ host: Type.String(), port: Type.Integer() })),
      },
      { description: 'the HA manager a failover-aware client asks for the primary (Redis Sentinel: every sentinel and the master name)' },
    ),
  ),
});
export type ConnectionJson = Static<typeof ConnectionJson>;
