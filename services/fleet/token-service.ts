import type { FleetDeps } from './fleet-deps';
import type { Team } from '../core/types';
import type { TokenRecord } from './sql/tokens';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ConflictError, InputError, NotFoundError } from '../core/errors';
import { newSecret } from '../core/ids';

export interface IssuedToken {
  id: string;
  team: string;
  name: string;
  token: string;
  expiresAt: Date | null;
}

export const tokenStatus = (t: TokenRecord, now: Date): 'active' | 'revoked' | 'expired' =>
  t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active';

/**
 * A team's bearer tokens: issue (shown once), list, revoke, rotate. Only the team itself and the
 * platform team may see or touch them. `onRevoked` lets this process forget a cached token at once.
 */
export class TokenService {
  constructor(
    private readonly ctx: FleetDeps,
    private readonly onRevoked: (tokenId: string) => void = () => undefined,
  ) {}

  private async teamFor(actor: Actor, ref: string, what: string): Promise<Team> {
    const team = await this.ctx.repos.teams.find(ref);
    if (!team) throw new NotFoundError('team', ref);
    assertMayChange(actor, team.id, `${what} of team ${team.name}`);
    return team;
  }

  private async tokenOf(team: Team, id: string): Promise<TokenRecord> {
    const token = /^[0-9a-f-]{36}$/i.test(id) ? await this.ctx.repos.tokens.get(team.id, id) : null;
    if (!token) throw new NotFoundError('token', id);
    return token;
  }

  async list(actor: Actor, ref: string): Promise<TokenRecord[]> {
    const team = await this.teamFor(actor, ref, 'the tokens');
    return this.ctx.repos.tokens.forTeam(team.id);
  }

  async issue(actor: Actor, ref: string, name: string, expiresAt?: string): Promise<IssuedToken> {
    const expiry = expiresAt === undefined ? null : new Date(expiresAt);
    if (expiry && (Number.isNaN(expiry.getTime()) || expiry <= this.ctx.clock.now())) {
      throw new InputError('expiresAt must be a date-time in the future', { field: 'expiresAt' });
    }
    const team = await this.teamFor(actor, ref, 'the tokens');
    return this.create(actor, team, name, expiry, 'team.token.issue');
  }

  async revoke(actor: Actor, ref: string, id: string): Promise<TokenRecord> {
    const team = await this.teamFor(actor, ref, 'the tokens');
    const before = await this.tokenOf(team, id);
    const after = await this.ctx.repos.tokens.revoke(before.id);
    this.onRevoked(before.id);
    if (!before.revokedAt) {
      await this.ctx.repos.audit.record({
        actor: actorLabel(actor),
        action: 'team.token.revoke',
        targetType: 'team',
        targetId: team.id,
        after: { tokenId: before.id, name: before.name },
      });
    }
    return after;
  }

  /** A new secret under the same name and expiry; the old one stops working at once. */
  async rotate(actor: Actor, ref: string, id: string): Promise<IssuedToken> {
    const team = await this.teamFor(actor, ref, 'the tokens');
    const old = await this.tokenOf(team, id);
    if (tokenStatus(old, this.ctx.clock.now()) !== 'active')
      throw new ConflictError(`token ${old.name} is ${tokenStatus(old, this.ctx.clock.now())}; issue a new one instead`, {
        tokenId: old.id,
      });
    // Claim the old token first: concurrent rotations of one token yield one successor, not one each.
    if (!(await this.ctx.repos.tokens.revokeIfActive(old.id)))
      throw new ConflictError(`token ${old.name} was just rotated or revoked by another request`, { tokenId: old.id });
    this.onRevoked(old.id);
    try {
      return await this.create(actor, team, old.name, old.expiresAt, 'team.token.rotate', { replaces: old.id });
    } catch (e) {
      await this.ctx.repos.tokens.unrevoke(old.id).catch(() => undefined);
      throw e;
    }
  }

  private async create(
    actor: Actor,
    team: Team,
    name: string,
    expiresAt: Date | null,
    action: string,
    extra: Record<string, string> = {},
  ): Promise<IssuedToken> {
    const token = `df_${newSecret(24)}`;
    const id = await this.ctx.repos.tokens.add(team.id, name, token, expiresAt);
    if (!id) throw new Error('a freshly generated token collided with a stored one');
    await this.ctx.repos.audit.record({
      actor: actorLabel(actor),
      action,
      targetType: 'team',
      targetId: team.id,
      after: { tokenId: id, name, expiresAt, ...extra },
    });
    return { id, team: team.name, name, token, expiresAt };
  }
}
