import type { AlertsDeps } from './alerts-deps';
import type { AlertSource } from './sql/alert-sources';
import { actorLabel, assertPlatform, type Actor } from '../core/actor';
import { ConflictError, NotFoundError } from '../core/errors';
import { newSecret } from '../core/ids';

/** The credential's shape: the auth plugin tells it from a team token by this prefix. */
export const ALERT_SOURCE_PREFIX = 'dfas_';

/**
 * Credentials for monitoring systems (Alertmanager) to send alerts about any cluster, and nothing
 * else. Only the platform team issues, lists and revokes them; each change is audited. The
 * credential is shown once; only its hash is kept.
 */
export class AlertSourceService {
  constructor(private readonly ctx: AlertsDeps) {}

  async create(actor: Actor, name: string): Promise<{ source: AlertSource; credential: string }> {
    assertPlatform(actor, 'issue alert-source credentials');
    const credential = `${ALERT_SOURCE_PREFIX}${newSecret(24)}`;
    const source = await this.ctx.repos.alertSources.create(name, credential, actorLabel(actor));
    if (!source) throw new ConflictError(`an alert source named ${name} is in use already; revoke it first or pick another name`, { name });
    await this.ctx.repos.audit.record({
      actor: actorLabel(actor),
      action: 'alert-source.create',
      targetType: 'alert-source',
      targetId: source.id,
      after: { name },
    });
    return { source, credential };
  }

  async list(actor: Actor): Promise<AlertSource[]> {
    assertPlatform(actor, 'list alert sources');
    return this.ctx.repos.alertSources.list();
  }

  async revoke(actor: Actor, ref: string, reason: string | null): Promise<AlertSource> {
    assertPlatform(actor, 'revoke alert-source credentials');
    const source = await this.ctx.repos.alertSources.findActive(ref);
    if (!source) throw new NotFoundError('alert source', ref);
    const revoked = await this.ctx.repos.alertSources.revoke(source.id, actorLabel(actor));
    if (!revoked) throw new NotFoundError('alert source', ref);
    await this.ctx.repos.audit.record({
      actor: actorLabel(actor),
      action: 'alert-source.revoke',
      targetType: 'alert-source',
      targetId: source.id,
      reason,
      before: { name: source.name },
      after: { revokedAt: revoked.revokedAt },
    });
    return revoked;
  }
}
