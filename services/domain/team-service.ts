import type { CoreContext } from '../context';
import type { Team } from './types';
import { actorLabel, assertMayChange, assertPlatform, type Actor } from './actor';
import { ConflictError, NotFoundError } from '../platform/errors';
import { newSecret } from '../platform/ids';

export class TeamService {
  constructor(private readonly ctx: CoreContext) {}

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
    await this.ctx.repos.audit.record({ actor: actorLabel(actor), action: 'team.create', targetType: 'team', targetId: team.id, after: input });
    return team;
  }

  async update(actor: Actor, ref: string, patch: { email?: string; chatChannel?: string | null; pagingKey?: string | null }): Promise<Team> {
    const before = await this.get(ref);
    assertMayChange(actor, before.id, `team ${before.name}`);
    let after: Team;
    try {
      after = await this.ctx.repos.teams.update(before.id, patch);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new ConflictError(`another team already uses ${patch.email}`);
      throw error;
    }
    await this.ctx.repos.audit.record({ actor: actorLabel(actor), action: 'team.update', targetType: 'team', targetId: before.id, before, after: patch });
    return after;
  }

  /** The token is returned once; only its hash is kept. */
  async issueToken(actor: Actor, ref: string, name: string): Promise<{ team: string; name: string; token: string }> {
    const team = await this.get(ref);
    assertMayChange(actor, team.id, `tokens of team ${team.name}`);
    const token = `df_${newSecret(24)}`;
    await this.ctx.repos.tokens.add(team.id, name, token);
    await this.ctx.repos.audit.record({ actor: actorLabel(actor), action: 'team.token.issue', targetType: 'team', targetId: team.id, after: { name } });
    return { team: team.name, name, token };
  }
}
