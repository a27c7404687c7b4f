import type { AlertsDeps } from './alerts-deps';
import type { AlertRecord } from './sql/alerts';
import type { ClusterRecord } from '../fleet/cluster-record';
import { matchPlaybook, type Playbook } from './playbooks';
import type { Pager, PageOpened } from './pager';
import type { RemediationStarter } from './remediation-starter';
import { TtlCache } from './ttl-cache';
import type { ConditionCheck } from './evidence/condition-check';
import type { Evidence } from './evidence/evidence';

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

export type AlertAction =
  | 'paged'
  | 'page-recorded'
  | 'already-paged'
  | 'resolved-page'
  | 'page-kept-open'
  | 'nothing-open'
  | 'remediating'
  | 'already-remediating'
  | 'guard-refused'
  | 'unconfirmed';

export interface AlertOutcome {
  alertId: string;
  dedupKey: string;
  /**
   * `page-recorded`: a person should have been paged, but no pager is configured (recorded, not
   * delivered). `page-kept-open`: this node recovered, another node of the problem is still down.
   */
  action: AlertAction;
  operationId?: string;
  /** For a non-urgent remediation: when the cluster's maintenance window lets it start. */
  notBefore?: string;
  /** What the platform saw for itself before acting (absent where nothing was to be acted on). */
  evidence?: Evidence;
  /** The alert named a cluster that does not exist: paged to the platform team. */
  unroutable?: true;
}

/** What the alert service acts with: the playbooks loaded at startup, the pager, the remediation starter and the evidence check. */
export interface AlertServiceParts {
  playbooks: Playbook[];
  pager: Pager;
  starter: RemediationStarter;
  evidence: ConditionCheck;
}

/** How long this process trusts what it learned about a cluster. */
const CLUSTER_CACHE_MS = 5000;

/**
 * Every alert is recorded first (alerts arriving together share one INSERT, which also tells whether
 * the alert's problem has a remediation open: such a duplicate is answered at once). A firing alert that a
 * playbook knows is confirmed with the platform's own evidence (a fresh probe, the nodes' own
 * figures, their health state) before one remediation per problem (cluster + alert + node) starts;
 * an unconfirmed one is recorded with its evidence and changes nothing. Any other firing alert, and
 * any the remediation guards refuse, pages the owning team (the platform team for a cluster that
 * does not exist), once per problem while it is open. A resolved alert resolves the page.
 */
export class AlertService {
  private readonly playbooks: Playbook[];
  private readonly pager: Pager;
  private readonly starter: RemediationStarter;
  private readonly evidence: ConditionCheck;
  // One instance serves the API and the health stream, so this cache is the process's only one.
  private readonly clusters = new TtlCache<ClusterRecord>(CLUSTER_CACHE_MS);
  private readonly clusterLookups = new Map<string, Promise<ClusterRecord | null>>();
  // Problems whose evidence check and remediation start are under way in this process.
  private readonly opening = new Map<string, Promise<AlertOutcome>>();

  constructor(
    private readonly ctx: AlertsDeps,
    parts: AlertServiceParts,
  ) {
    ({ playbooks: this.playbooks, pager: this.pager, starter: this.starter, evidence: this.evidence } = parts);
  }

  listPlaybooks(): Playbook[] {
    return this.playbooks;
  }

  /** `cluster` is the cluster the alert names, already found (and the sender admitted); null when it does not exist. */
  async receive(alert: IncomingAlert, cluster: ClusterRecord | null, sender: string): Promise<AlertOutcome> {
    const unroutable = cluster === null;
    const dedupKey = `datafleet/${cluster?.name ?? alert.cluster ?? 'unknown'}/${alert.name}`;
    const recorded = await this.ctx.repos.alerts.record({ ...alert, clusterId: cluster?.id ?? null, dedupKey, sender, unroutable });
    const alertId = recorded.id;
    if (alert.status === 'resolved') {
      const stillDown = alert.node ? await this.ctx.repos.alerts.otherNodesFiring(dedupKey, alert.node) : [];
      if (stillDown.length > 0) return { alertId, dedupKey, action: 'page-kept-open' };
      const resolved = await this.pager.resolve(dedupKey, alert.severity);
      return { alertId, dedupKey, action: resolved ? 'resolved-page' : 'nothing-open' };
    }
    if (!cluster) {
      const summary = `unroutable: cluster ${alert.cluster ?? '(none named)'} does not exist — ${alert.summary}`;
      const paged = await this.page(
        { ...alert, summary },
        alertId,
        dedupKey,
        null,
        'the alert names no known cluster: paged to the platform team',
        true,
      );
      return { ...paged, unroutable: true };
    }
    const playbook = matchPlaybook(this.playbooks, { name: alert.name, engine: cluster.engine, node: alert.node, labels: alert.labels });
    if (!playbook) return this.page(alert, alertId, dedupKey, cluster, 'no automatic remediation exists for this alert');

    // A duplicate of a problem whose remediation is open (the append itself said so, read from
    // PostgreSQL, so a remediation finished by another process is seen) changes nothing whatever a
    // probe would say: answered without one. The remediation re-checks before it acts, and an
    // alert after it finished is checked below and may page as a recurrence.
    if (recorded.remediationOpen) return { alertId, dedupKey, action: 'already-remediating' };
    // The same holds for a problem this process is opening a remediation for right now: wait for
    // that decision rather than probing and asking again; only if it opened nothing, decide anew.
    const problemKey = `${dedupKey}/${alert.node ?? ''}`;
    const earlier = await this.opening.get(problemKey)?.catch(() => null);
    if (earlier?.action === 'remediating' || earlier?.action === 'already-remediating')
      return { alertId, dedupKey, action: 'already-remediating' };
    const deciding = this.confirmAndStart(alert, cluster, playbook, alertId, dedupKey, problemKey);
    this.opening.set(problemKey, deciding);
    const forget = () => (this.opening.get(problemKey) === deciding ? this.opening.delete(problemKey) : undefined);
    void deciding.then(forget, forget);
    return deciding;
  }

  private async confirmAndStart(
    alert: IncomingAlert,
    cluster: ClusterRecord,
    playbook: Playbook,
    alertId: string,
    dedupKey: string,
    problemKey: string,
  ): Promise<AlertOutcome> {
    const evidence = await this.evidence.check(cluster, alert);
    if (!evidence) return this.page(alert, alertId, dedupKey, cluster, `no own evidence can confirm ${alert.name}: a person decides`);
    await this.ctx.repos.alerts.setVerdict(alertId, evidence.verdict, evidence);
    if (evidence.verdict === 'unconfirmed') {
      this.ctx.logger.info(
        { alert: alert.name, cluster: cluster.name, node: alert.node, evidence: evidence.detail },
        'alert not confirmed by own evidence: nothing done',
      );
      await this.ctx.events.publish({ type: 'alert', data: { dedupKey, action: 'unconfirmed' } });
      return { alertId, dedupKey, action: 'unconfirmed', evidence };
    }
    // No remembered answer for a problem once its decision is made: a remediation may have finished
    // a moment ago in another process, and a confirmed problem after it is a recurrence, not a duplicate.
    const startedAt = alert.startedAt ?? null;
    const started = await this.starter.start(cluster, playbook, problemKey, { ...alert, startedAt, alertId });
    if (started.kind === 'refused') {
      const paged = await this.page(
        { ...alert, summary: `${alert.summary} — not remediated automatically: ${started.why}` },
        alertId,
        dedupKey,
        cluster,
        started.why,
      );
      return { ...paged, evidence, action: paged.action === 'already-paged' ? 'already-paged' : 'guard-refused' };
    }
    if (started.kind === 'duplicate') return { alertId, dedupKey, action: 'already-remediating', evidence };
    return {
      alertId,
      dedupKey,
      action: 'remediating',
      evidence,
      operationId: started.operationId,
      ...(started.notBefore ? { notBefore: started.notBefore.toISOString() } : {}),
    };
  }

  /**
   * The cluster an alert names, through a short cache (ownership is checked on it: five seconds at
   * most stale). Concurrent misses for one name share one query: when an entry expires under a
   * storm, hundreds of alerts in flight would otherwise each read the cluster.
   */
  async findCluster(ref: string): Promise<ClusterRecord | null> {
    const known = this.clusters.get(ref);
    if (known) return known;
    const inFlight = this.clusterLookups.get(ref);
    if (inFlight) return inFlight;
    const lookup = this.ctx.repos.clusters
      .find(ref)
      .then((cluster) => {
        if (cluster) this.clusters.set(ref, cluster);
        return cluster;
      })
      .finally(() => this.clusterLookups.delete(ref));
    this.clusterLookups.set(ref, lookup);
    return lookup;
  }

  private async page(
    alert: IncomingAlert,
    alertId: string,
    dedupKey: string,
    cluster: ClusterRecord | null,
    reason: string,
    unroutable = false,
  ): Promise<AlertOutcome> {
    const opened: PageOpened = await this.pager.trigger({
      dedupKey,
      cluster,
      alertName: alert.name,
      summary: alert.summary,
      severity: alert.severity,
      reason,
      unroutable,
    });
    const action: AlertAction = !opened ? 'already-paged' : opened.delivery === 'no_pager' ? 'page-recorded' : 'paged';
    return { alertId, dedupKey, action };
  }
}
