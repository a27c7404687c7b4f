import type { CoreContext } from '../context';
import type { AlertRecord, PageRecord } from '../db/repositories/alerts';
import { pagerDutyEvent, slackMessage, type PageAction } from './notifications';
import { loadPlaybooks, matchPlaybook, type Playbook } from './playbooks';
import { OperationService } from '../domain/operation-service';
import { withTransaction } from '../db/pool';
import type { ClusterRecord } from '../db/repositories/clusters';

export interface IncomingAlert {
  source: AlertRecord['source'];
  name: string;
  status: 'firing' | 'resolved';
  cluster: string | null;
  node: string | null;
  severity: string;
  summary: string;
  fingerprint: string | null;
  labels: Record<string, string>;
}

export interface AlertOutcome {
  alertId: string;
  dedupKey: string;
  action: 'paged' | 'already-paged' | 'resolved-page' | 'nothing-open' | 'remediating' | 'already-remediating' | 'guard-refused';
  operationId?: string;
}

/**
 * Every alert is recorded first. A firing alert that a playbook knows starts one remediation per
 * problem (cluster + alert + node) as a high-priority operation; any other firing alert pages the
 * owning team, once per problem (cluster + alert name) for as long as it is open, however many
 * duplicates arrive. A resolved alert resolves the page with the same dedup key.
 */
export class AlertService {
  private readonly playbooks: Playbook[];

  constructor(private readonly ctx: CoreContext, playbooks?: Playbook[]) {
    this.playbooks = playbooks ?? loadPlaybooks();
  }

  listPlaybooks(): Playbook[] {
    return this.playbooks;
  }

  async receive(alert: IncomingAlert): Promise<AlertOutcome> {
    const cluster = alert.cluster ? await this.ctx.repos.clusters.find(alert.cluster) : null;
    const dedupKey = `datafleet/${cluster?.name ?? alert.cluster ?? 'unknown'}/${alert.name}`;
    const alertId = await this.ctx.repos.alerts.record({ ...alert, clusterId: cluster?.id ?? null, dedupKey });
    if (alert.status === 'resolved') {
      const page = await this.ctx.repos.alerts.resolvePage(dedupKey);
      if (page) await this.notify(page, 'resolve', alert.severity);
      return { alertId, dedupKey, action: page ? 'resolved-page' : 'nothing-open' };
    }
    const playbook = cluster ? matchPlaybook(this.playbooks, { name: alert.name, engine: cluster.engine, node: alert.node }) : null;
    if (cluster && playbook) return this.remediate(cluster, playbook, alert, alertId, dedupKey);
    return this.page(alert, alertId, dedupKey, cluster);
  }

  private async remediate(cluster: ClusterRecord, playbook: Playbook, alert: IncomingAlert, alertId: string, dedupKey: string): Promise<AlertOutcome> {
    const problemKey = `${dedupKey}/${alert.node ?? ''}`;
    // The storm's duplicates stop here, on one indexed lookup.
    if (await this.ctx.repos.remediations.isOpen(problemKey)) return { alertId, dedupKey, action: 'already-remediating' };
    // Guard: automation that keeps firing is itself a problem (a flapping node, a bad playbook);
    // past the hourly limits a person decides.
    const recent = await this.ctx.repos.remediations.startedSince(cluster.id, 3_600_000);
    const { remediationsPerClusterPerHour: perCluster, remediationsPerFleetPerHour: perFleet } = this.ctx.config;
    if (recent.cluster >= perCluster || recent.fleet >= perFleet) {
      const why = recent.cluster >= perCluster ? `${recent.cluster} automatic remediations on ${cluster.name} in the last hour` : `${recent.fleet} automatic remediations fleet-wide in the last hour`;
      const paged = await this.page({ ...alert, summary: `${alert.summary} — not remediated automatically: ${why}` }, alertId, dedupKey, cluster);
      return { ...paged, action: paged.action === 'paged' ? 'guard-refused' : paged.action };
    }
    const remediationId = await this.ctx.repos.remediations.open({
      dedupKey: problemKey, clusterId: cluster.id, node: alert.node, playbookId: playbook.id, playbookVersion: playbook.version, alertName: alert.name,
    });
    if (!remediationId) return { alertId, dedupKey, action: 'already-remediating' };
    const operations = new OperationService(this.ctx);
    const op = await withTransaction(this.ctx.pool, (db) =>
      operations.record(db, {
        clusterId: cluster.id, type: playbook.action, requestedBy: `playbook:${playbook.id}@${playbook.version}`,
        reason: `${alert.name} on ${alert.node ?? cluster.name}: ${alert.summary}`, params: { node: alert.node, alertId, playbook: playbook.id },
      }),
    );
    await this.ctx.repos.remediations.attach(remediationId, op.id);
    await operations.dispatch(op.id, op.priority);
    return { alertId, dedupKey, action: 'remediating', operationId: op.id };
  }

  /** When automation tried and failed, a person is paged after all. */
  async remediationFailed(cluster: ClusterRecord, alertName: string, node: string | null, error: string): Promise<void> {
    await this.page(
      { source: 'health', name: alertName, status: 'firing', cluster: cluster.name, node, severity: 'critical', summary: `automatic remediation failed: ${error}`, fingerprint: null, labels: {} },
      null,
      `datafleet/${cluster.name}/${alertName}`,
      cluster,
    );
  }

  private async page(alert: IncomingAlert, alertId: string | null, dedupKey: string, cluster: ClusterRecord | null): Promise<AlertOutcome> {
    const page = await this.ctx.repos.alerts.openPage({
      dedupKey, clusterId: cluster?.id ?? null, teamId: cluster?.ownerTeamId ?? null, alertName: alert.name, summary: alert.summary,
    });
    if (!page) return { alertId: alertId ?? '', dedupKey, action: 'already-paged' };
    await this.notify(page, 'trigger', alert.severity);
    return { alertId: alertId ?? '', dedupKey, action: 'paged' };
  }

  private async notify(page: PageRecord, action: PageAction, severity: string): Promise<void> {
    const team = page.teamId ? (await this.ctx.repos.teams.list()).find((t) => t.id === page.teamId) ?? null : null;
    const cluster = page.clusterId ? (await this.ctx.repos.clusters.find(page.clusterId))?.name ?? null : null;
    const { pagerDutyUrl, slackWebhookUrl } = this.ctx.config;
    if (pagerDutyUrl) {
      const routingKey = team?.pagingKey ?? 'datafleet-platform';
      await this.deliver(page, 'pagerduty', action, pagerDutyUrl, pagerDutyEvent(page, action, routingKey, { cluster, severity }));
    }
    if (slackWebhookUrl) await this.deliver(page, 'slack', action, slackWebhookUrl, slackMessage(page, action, { cluster, channel: team?.chatChannel ?? null }));
  }

  /** A failed delivery is recorded on the page (and logged); the page itself stays open. */
  private async deliver(page: PageRecord, channel: string, action: PageAction, url: string, body: unknown): Promise<void> {
    let ok = false;
    let detail = '';
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
      ok = res.ok;
      detail = `HTTP ${res.status}`;
    } catch (error) {
      detail = (error as Error).message;
      this.ctx.logger.warn({ channel, dedupKey: page.dedupKey, err: error }, 'page delivery failed');
    }
    await this.ctx.repos.alerts.addDelivery(page.id, { channel, action, ok, detail });
  }
}
