import type { FleetDeps } from './fleet-deps';
import type { Team } from '../core/types';
import { actorLabel, assertMayChange, assertPlatform, type Actor } from '../core/actor';
import { ConflictError, NotFoundError } from '../core/errors';

/** Audit events keep whether a paging key was set or changed, never the key itself. */
const withoutPagingKey = <T extends { pagingKey?: string | null }>(value: T) =>
  'pagingKey' in value ? { ...value, pagingKey: value.pagingKey ? '[set]' : null } : value;

export class TeamService {
  constructor(private readonly ctx: FleetDeps) {}

  list(): Promise<Team[]> {
    return this.ctx.repos.teams.list();
  }

  async get(ref: string): Promise<Team> {
    const team = await this.ctx.repos.teams.find(ref);
    if (!team) throw new NotFoundError('team', ref);
    return team;
  }

  async create(actor: Actor, input: { name: string; email: string; chatChannel?: string; pagingKey?: string }): Promise<Team> {
    assertPlatform(actor, 'create teams');
    const team = await this.ctx.repos.teams.create(input);
    if (!team) throw new ConflictError(`a team with the name ${input.name} or the email ${input.email} already exists`);
    await this.ctx.repos.audit.record({
      actor: actorLabel(actor),
      action: 'team.create',
      targetType: 'team',
      targetId: team.id,
      after: withoutPagingKey(input),
    });
    return team;
  }

  async update(
    actor: Actor,
    ref: string,
    patch: { email?: string; chatChannel?: string | null; pagingKey?: string | null },
  ): Promise<Team> {
    const before = await this.get(ref);
    assertMayChange(actor, before.id, `team ${before.name}`);
    let after: Team;
    try {
      after = await this.ctx.repos.teams.update(before.id, patch);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new ConflictError(`another team already uses ${patch.email}`);
      throw error;
    }
    await this.ctx.repos.audit.record({
      actor: actorLabel(actor),
      action: 'team.update',
      targetType: 'team',
      targetId: before.id,
      before: withoutPagingKey(before),
      after: withoutPagingKey(patch),
    });
    return after;
  }
}
