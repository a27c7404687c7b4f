import type { CoreContext } from '../context';
import type { AlertRecord } from '../db/repositories/alerts';
import type { ClusterRecord } from '../db/repositories/clusters';
import { loadPlaybooks, matchPlaybook, type Playbook } from './playbooks';
import { Pager } from './pager';
import { RemediationStarter } from './remediation-starter';
import { TtlCache } from './ttl-cache';

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
  /** When the problem began, where the source says (Alertmanager's startsAt; now for a health transition). */
  startedAt?: Date | null;
}

export interface AlertOutcome {
  alertId: string;
  dedupKey: string;
  action: 'paged' | 'already-paged' | 'resolved-page' | 'nothing-open' | 'remediating' | 'already-remediating' | 'guard-refused';
  operationId?: string;
  /** For a non-urgent remediation: when the cluster's maintenance window lets it start. */
  notBefore?: string;
}

/** How long this process trusts what it learned about a cluster or an open remediation. */
const CLUSTER_CACHE_MS = 5000;
const DUPLICATE_CACHE_MS = 2000;

/**
 * Every alert is recorded first (alerts arriving together share one INSERT). A firing alert that a
 * playbook knows starts one remediation per problem (cluster + alert + node) as a high-priority
 * operation; any other firing alert, and any the remediation guards refuse, pages the owning team,
 * once per problem (cluster + alert name) while it is open, however many duplicates arrive. A
 * resolved alert resolves the page with the same dedup key.
 */
export class AlertService {
  private readonly playbooks: Playbook[];
  private readonly pager: Pager;
  private readonly starter: RemediationStarter;
  private readonly clusters = new TtlCache<ClusterRecord>(CLUSTER_CACHE_MS);
  /** Problems this process just saw under remediation, and since when: the storm's duplicates stop here, in memory. */
  private readonly inFlight = new TtlCache<number>(DUPLICATE_CACHE_MS);

  constructor(private readonly ctx: CoreContext, playbooks?: Playbook[]) {
    this.playbooks = playbooks ?? loadPlaybooks();
    this.pager = new Pager(ctx);
    this.starter = new RemediationStarter(ctx);
  }

  listPlaybooks(): Playbook[] {
    return this.playbooks;
  }

  async receive(alert: IncomingAlert): Promise<AlertOutcome> {
    const cluster = alert.cluster ? await this.findCluster(alert.cluster) : null;
    const dedupKey = `datafleet/${cluster?.name ?? alert.cluster ?? 'unknown'}/${alert.name}`;
    const alertId = await this.ctx.repos.alerts.record({ ...alert, clusterId: cluster?.id ?? null, dedupKey });
    if (alert.status === 'resolved') {
      const resolved = await this.pager.resolve(dedupKey, alert.severity);
      return { alertId, dedupKey, action: resolved ? 'resolved-page' : 'nothing-open' };
    }
    const playbook = cluster ? matchPlaybook(this.playbooks, { name: alert.name, engine: cluster.engine, node: alert.node, labels: alert.labels }) : null;
    if (!cluster || !playbook) return this.page(alert, alertId, dedupKey, cluster, 'no automatic remediation exists for this alert');

    const problemKey = `${dedupKey}/${alert.node ?? ''}`;
    // Only what cannot be a fresh occurrence stops here; a problem seen anew asks PostgreSQL.
    const seenOpenAt = this.inFlight.get(problemKey);
    const startedAt = alert.startedAt ?? null;
    if (seenOpenAt !== undefined && (startedAt === null || startedAt.getTime() <= seenOpenAt)) return { alertId, dedupKey, action: 'already-remediating' };
    const started = await this.starter.start(cluster, playbook, problemKey, { ...alert, startedAt, alertId });
    if (started.kind === 'refused') {
      const paged = await this.page({ ...alert, summary: `${alert.summary} — not remediated automatically: ${started.why}` }, alertId, dedupKey, cluster, started.why);
      return { ...paged, action: paged.action === 'paged' ? 'guard-refused' : paged.action };
    }
    if (started.kind === 'started' || started.stillOpen) this.inFlight.set(problemKey, Date.now());
    if (started.kind === 'duplicate') return { alertId, dedupKey, action: 'already-remediating' };
    return { alertId, dedupKey, action: 'remediating', operationId: started.operationId, ...(started.notBefore ? { notBefore: started.notBefore.toISOString() } : {}) };
  }

  /** When automation tried and failed, a person is paged after all. */
  async remediationFailed(cluster: ClusterRecord, alertName: string, node: string | null, error: string): Promise<void> {
    const summary = `automatic remediation failed: ${error}`;
    await this.pager.trigger({ dedupKey: `datafleet/${cluster.name}/${alertName}`, cluster, alertName, summary, severity: 'critical', reason: summary });
  }

  private async page(alert: IncomingAlert, alertId: string, dedupKey: string, cluster: ClusterRecord | null, reason: string): Promise<AlertOutcome> {
    const opened = await this.pager.trigger({ dedupKey, cluster, alertName: alert.name, summary: alert.summary, severity: alert.severity, reason });
    return { alertId, dedupKey, action: opened ? 'paged' : 'already-paged' };
  }

  private async findCluster(ref: string): Promise<ClusterRecord | null> {
    const known = this.clusters.get(ref);
    if (known) return known;
    const cluster = await this.ctx.repos.clusters.find(ref);
    if (cluster) this.clusters.set(ref, cluster);
    return cluster;
  }
}
