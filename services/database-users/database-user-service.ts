import type { DatabaseUsersDeps } from './database-users-deps';
import type { DatabaseUserAccess, DatabaseUserRecord } from './sql/database-users';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { OperationService } from '../operations/operation-service';
import type { DatabaseUsers, EngineAdapter } from '../core/engine-port';
import { actorLabel, type Actor } from '../core/actor';
import { ConflictError, ForbiddenError, NotFoundError } from '../core/errors';
import { ProblemList } from '../core/request-problems';
import { withTransaction, type PoolClient } from '../infra/db/pool';
import { newPassword } from './new-password';

export const DEFAULT_GRACE_SECONDS = 24 * 60 * 60;

export interface NewUserRequest {
  name: string;
  access: DatabaseUserAccess;
  scope: string[];
}

/** A user with the login an application uses now and, during a rotation's grace period, the one it used before. */
export interface DatabaseUserView extends DatabaseUserRecord {
  login: string;
  previousLogin: string | null;
}

/** The answer to a create or a rotation: the only time the password is shown. */
export interface IssuedPassword {
  user: DatabaseUserView;
  password: string;
  operationId: string;
  /** The operation that removes the previous password when its grace period is over (rotation only). */
  expiryOperationId: string | null;
}

/** Names the engines keep for themselves or that the control plane logs in as. */
const RESERVED = new Set(['default', 'datafleet', 'postgres', 'cassandra', 'elastic', 'kibana', 'kibana_system', 'root', 'admin']);

/**
 * Applications' own users on a cluster, with least privilege: created, rotated (the previous
 * password keeps working for a grace period, then a held operation removes it) and deleted, each
 * by an operation. Only the owning team and the platform team see or change them.
 */
export class DatabaseUserService {
  constructor(
    private readonly ctx: DatabaseUsersDeps,
    private readonly operations: OperationService,
  ) {}

  async list(actor: Actor, cluster: ClusterRecord): Promise<DatabaseUserView[]> {
    const users = this.usersOf(actor, cluster);
    return (await this.ctx.repos.databaseUsers.list(cluster.id)).map((u) => view(users, u));
  }

  async create(actor: Actor, cluster: ClusterRecord, request: NewUserRequest): Promise<IssuedPassword> {
    const users = this.usersOf(actor, cluster);
    const problems = new ProblemList();
    if (RESERVED.has(request.name) || request.name === this.engine(cluster).adminUsername || request.name.startsWith('pg_'))
      problems.add({ path: 'body/name', message: `"${request.name}" is reserved: choose another name` });
    if (users.rotation === 'logins' && /_v\d+$/.test(request.name))
      problems.add({ path: 'body/name', message: `a name ending in _v<number> would clash with the logins of another user` });
    request.scope.forEach((entry, i) => {
      const problem = users.scopeProblem(entry);
      if (problem) problems.add({ path: `body/scope/${i}`, message: problem });
    });
    this.mustBeActive(cluster, problems);
    problems.throwIfAny();
    const issued = newPassword();
    const who = actorLabel(actor);
    const op = await withTransaction(this.ctx.pool, async (db) => {
      const inserted = await this.ctx.repos.databaseUsers.insert(
        { clusterId: cluster.id, name: request.name, access: request.access, scope: request.scope, createdBy: who, ...issued },
        db,
      );
      if (!inserted) throw new ConflictError(`cluster ${cluster.name} already has a user ${request.name}`, { user: request.name });
      await this.audit(
        db,
        who,
        cluster,
        'database_user.create',
        `create user ${request.name} (${request.access} on ${request.scope.join(', ')})`,
        {
          name: request.name,
          access: request.access,
          scope: request.scope,
        },
      );
      return this.operations.record(db, {
        clusterId: cluster.id,
        type: 'database_user',
        requestedBy: who,
        reason: `create user ${request.name}`,
        params: { user: request.name, action: 'create', generation: 1 },
      });
    });
    await this.operations.dispatch(op.id, op.priority);
    const user = await this.ctx.repos.databaseUsers.find(cluster.id, request.name);
    return { user: view(users, user!), password: issued.password, operationId: op.id, expiryOperationId: null };
  }

  /**
   * A new password now; the current one keeps working for `graceSeconds` (PostgreSQL refuses it by
   * itself from then on through VALID UNTIL), after which a held operation removes it for good.
   */
  async rotate(actor: Actor, cluster: ClusterRecord, name: string, graceSeconds = DEFAULT_GRACE_SECONDS): Promise<IssuedPassword> {
    const users = this.usersOf(actor, cluster);
    const problems = new ProblemList();
    this.mustBeActive(cluster, problems);
    problems.throwIfAny();
    const issued = newPassword();
    const who = actorLabel(actor);
    const expiresAt = new Date(this.ctx.clock.now().getTime() + graceSeconds * 1000);
    const ops = await withTransaction(this.ctx.pool, async (db) => {
      const user = await this.ctx.repos.databaseUsers.lock(cluster.id, name, db);
      if (!user) throw new NotFoundError('user', name, `cluster ${cluster.name} has no user ${name}`);
      if (user.status !== 'active')
        throw new ConflictError(`user ${name} is ${user.status}: only an active user is rotated`, { status: user.status });
      if (user.previous) {
        throw new ConflictError(
          `user ${name} is already in a rotation: its previous password works until ${user.previous.expiresAt.toISOString()}; rotate again after that`,
          { previousExpiresAt: user.previous.expiresAt.toISOString() },
        );
      }
      const generation = user.generation + 1;
      await this.ctx.repos.databaseUsers.rotate(cluster.id, name, { generation, ...issued, previousExpiresAt: expiresAt }, db);
      await this.audit(db, who, cluster, 'database_user.rotate', `rotate the password of user ${name}`, {
        name,
        generation,
        previousExpiresAt: expiresAt.toISOString(),
      });
      const base = { clusterId: cluster.id, type: 'database_user' as const, requestedBy: who };
      const apply = await this.operations.record(db, {
        ...base,
        reason: `rotate the password of user ${name}`,
        params: { user: name, action: 'rotate', generation },
      });
      const expire = await this.operations.record(db, {
        ...base,
        reason: `remove the previous password of user ${name} after its grace period`,
        params: { user: name, action: 'expire', generation: user.generation, notBefore: expiresAt.toISOString() },
      });
      return { apply, expire };
    });
    await this.operations.dispatch(ops.apply.id, ops.apply.priority);
    await this.operations.dispatch(ops.expire.id, ops.expire.priority, Math.max(0, expiresAt.getTime() - Date.now()));
    const user = await this.ctx.repos.databaseUsers.find(cluster.id, name);
    return { user: view(users, user!), password: issued.password, operationId: ops.apply.id, expiryOperationId: ops.expire.id };
  }

  /** Removes the user and every login of it from the servers; the data it owned stays (PostgreSQL: owned by the admin). */
  async delete(actor: Actor, cluster: ClusterRecord, name: string): Promise<{ operationId: string }> {
    this.usersOf(actor, cluster);
    const who = actorLabel(actor);
    const op = await withTransaction(this.ctx.pool, async (db) => {
      const user = await this.ctx.repos.databaseUsers.lock(cluster.id, name, db);
      if (!user) throw new NotFoundError('user', name, `cluster ${cluster.name} has no user ${name}`);
      if (user.status === 'deleting') throw new ConflictError(`user ${name} is already being deleted`, { status: user.status });
      await this.ctx.repos.databaseUsers.markDeleting(cluster.id, name, db);
      await this.audit(db, who, cluster, 'database_user.delete', `delete user ${name}`, { name });
      return this.operations.record(db, {
        clusterId: cluster.id,
        type: 'database_user',
        requestedBy: who,
        reason: `delete user ${name}`,
        params: { user: name, action: 'delete', generation: user.generation },
      });
    });
    await this.operations.dispatch(op.id, op.priority);
    return { operationId: op.id };
  }

  /** The engine's users, once the caller may see them; 409 for an engine without users. */
  private usersOf(actor: Actor, cluster: ClusterRecord): DatabaseUsers {
    if (!actor.team.isPlatform && actor.team.id !== cluster.ownerTeamId) {
      throw new ForbiddenError(
        `team ${actor.team.name} may not see or change the users of cluster ${cluster.name}: it belongs to another team`,
        {
          team: actor.team.name,
        },
      );
    }
    const engine = this.engine(cluster);
    if (!engine.users) {
      throw new ConflictError(
        `${engine.displayName} has no users or passwords: any client that reaches its nodes may read and write, so keep them on a private network`,
        { engine: engine.name },
      );
    }
    return engine.users;
  }

  private engine(cluster: ClusterRecord): EngineAdapter {
    return this.ctx.engines.get(cluster.engine);
  }

  private mustBeActive(cluster: ClusterRecord, problems: ProblemList): void {
    if (cluster.status !== 'ACTIVE')
      problems.conflict({
        path: 'cluster',
        message: `cluster ${cluster.name} is ${cluster.status}: users change on an ACTIVE cluster`,
        status: cluster.status,
      });
  }

  private audit(db: PoolClient, actor: string, cluster: ClusterRecord, action: string, reason: string, after: Record<string, unknown>) {
    return this.ctx.repos.audit.record({ actor, action, targetType: 'cluster', targetId: cluster.id, reason, after }, db);
  }
}

function view(users: DatabaseUsers, user: DatabaseUserRecord): DatabaseUserView {
  return {
    ...user,
    login: users.loginName(user.name, user.generation),
    previousLogin: user.previous ? users.loginName(user.name, user.previous.generation) : null,
  };
}
