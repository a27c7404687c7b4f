import type { AlertsDeps } from './alerts-deps';
import type { AlertService, AlertOutcome, IncomingAlert } from './alert-service';
import { admit, senderLabel, speaksForFleet, type AlertRefusal, type AlertSender } from './alert-sender';
import { GroupCommit } from '../infra/db/group-commit';
import { recordAuditEvents, type NewAuditEvent } from '../audit/audit-repository';

/** One alert of a request and what came of it: acted on (the service's outcome) or refused. */
export type IntakeOutcome =
  | (AlertOutcome & { accepted: true })
  | { accepted: false; action: 'refused'; refusal: AlertRefusal; alert: string; cluster: string | null; reason: string };

export type RefusedAlert = Extract<IntakeOutcome, { accepted: false }>;

/**
 * A request whose every alert was refused changed nothing and is answered with the refusal: not
 * found when every alert named an unknown cluster, else forbidden. Null when something was accepted.
 */
export function refusedWhole(outcomes: IntakeOutcome[]): { refusal: AlertRefusal; message: string; first: RefusedAlert } | null {
  const refused = outcomes.filter((o): o is RefusedAlert => !o.accepted);
  const first = refused[0];
  if (!first || refused.length !== outcomes.length) return null;
  if (refused.every((r) => r.refusal === 'not_found')) return { refusal: 'not_found', message: first.reason, first };
  return { refusal: 'forbidden', message: refused.length === 1 ? first.reason : `every alert was refused; first: ${first.reason}`, first };
}

/**
 * The front door of alerting: decides per alert whether its sender may raise it (an alert source
 * or the platform team for any cluster, a team for its own), hands the admitted ones to the alert
 * service, and writes the audit trail: one event per refused cluster, one for what was accepted.
 * A request whose every alert is refused changes nothing (see `refusedWhole`).
 */
export class AlertIntake {
  // Requests answered together share one audit INSERT; each still waits for its events to commit.
  private readonly auditTrail: GroupCommit<NewAuditEvent>;

  constructor(
    private readonly ctx: AlertsDeps,
    readonly alerts: AlertService,
  ) {
    this.auditTrail = new GroupCommit((events) => recordAuditEvents(ctx.pool, events));
  }

  async receive(sender: AlertSender, batch: IncomingAlert[], route: string): Promise<IntakeOutcome[]> {
    const outcomes: IntakeOutcome[] = [];
    for (const alert of batch) {
      // A team's right rests on who owns the cluster now: no cached ownership for team senders.
      const cluster = !alert.cluster
        ? null
        : speaksForFleet(sender)
          ? await this.alerts.findCluster(alert.cluster)
          : await this.ctx.repos.clusters.find(alert.cluster);
      const admission = admit(sender, alert.cluster, cluster);
      if (!admission.admitted) {
        outcomes.push({
          accepted: false,
          action: 'refused',
          refusal: admission.refusal,
          alert: alert.name,
          cluster: alert.cluster,
          reason: admission.reason,
        });
        continue;
      }
      outcomes.push({ ...(await this.alerts.receive(alert, admission.cluster, senderLabel(sender))), accepted: true });
    }
    await this.audit(sender, outcomes, route);
    return outcomes;
  }

  private async audit(sender: AlertSender, outcomes: IntakeOutcome[], route: string): Promise<void> {
    const actor = senderLabel(sender);
    const events: NewAuditEvent[] = [];
    const refusedByCluster = new Map<string, Array<Extract<IntakeOutcome, { accepted: false }>>>();
    for (const o of outcomes) if (!o.accepted) refusedByCluster.set(o.cluster ?? '', [...(refusedByCluster.get(o.cluster ?? '') ?? []), o]);
    for (const [cluster, refused] of refusedByCluster) {
      const known = cluster ? await this.alerts.findCluster(cluster) : null;
      events.push({
        actor,
        action: 'alert.refused',
        targetType: 'cluster',
        targetId: known?.id ?? (cluster || '(none named)'),
        reason: refused[0]!.reason,
        after: { route, alerts: refused.map((r) => r.alert), refusal: refused[0]!.refusal },
      });
    }
    const accepted = outcomes.filter((o) => o.accepted);
    if (accepted.length > 0) {
      events.push({
        actor,
        action: 'alert.receive',
        targetType: 'alerts',
        targetId: accepted[0]!.accepted ? accepted[0]!.alertId : '',
        reason: route,
        after: { count: accepted.length, actions: tally(accepted.map((o) => o.action)) },
      });
    }
    await Promise.all(events.map((e) => this.auditTrail.add(e)));
  }
}

const tally = (actions: string[]): Record<string, number> =>
  actions.reduce<Record<string, number>>((t, a) => ({ ...t, [a]: (t[a] ?? 0) + 1 }), {});
