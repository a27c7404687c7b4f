import type { AlertsSummary as Summary } from './alerts-types';

/** `label` is "one|many" where the word changes with the number. */
const Count = ({ label, value, testId, tone }: { label: string; value: number; testId: string; tone?: string }) => {
  const [one, many = one] = label.split('|');
  return (
    <span class={`count ${tone ?? ''}`} data-testid={testId} data-value={value}>
      <strong>{value}</strong> {value === 1 ? one : many}
    </span>
  );
};

/**
 * The point of automation in one glance: problems handled without waking anyone against pages
 * sent to a person, then the counts behind them.
 */
export function AlertsSummary({ summary }: { summary: Summary }) {
  const { pagesAvoided: avoided, pagesSent: sent, remediations: r } = summary;
  // Every problem a person had to decide counts against automation, whether or not a pager took it.
  const total = avoided + sent + summary.pagesNotDelivered + summary.pagesDeliveryFailed;
  const avoidedShare = total ? Math.round((avoided / total) * 100) : 0;
  return (
    <section data-testid="alerts-summary">
      {summary.pagerConfigured ? null : (
        <p class="banner banner-warning" role="alert" data-testid="no-pager-banner">
          No pager is configured: pages are recorded here but nobody is woken. Set DATAFLEET_PAGERDUTY_URL or DATAFLEET_SLACK_WEBHOOK_URL.
        </p>
      )}
      <div class="versus">
        <div class="big big-good" data-testid="pages-avoided" data-value={avoided}>
          <strong>{avoided}</strong> {avoided === 1 ? 'page' : 'pages'} avoided
          <span class="muted">problems automation handled without paging anyone</span>
        </div>
        <div class="vs">vs</div>
        <div class="big big-bad" data-testid="pages-sent" data-value={sent}>
          <strong>{sent}</strong> {sent === 1 ? 'page' : 'pages'} sent
          <span class="muted">{summary.pagesOpen} still open</span>
        </div>
      </div>
      <div class="ratio" title={`${avoidedShare}% handled automatically`} aria-hidden="true">
        <span class="ratio-good" style={{ width: `${total ? avoidedShare : 0}%` }} />
        <span class="ratio-bad" style={{ width: `${total ? 100 - avoidedShare : 0}%` }} />
      </div>
      <p class="muted" data-testid="avoided-share">
        {total ? `${avoidedShare}% of the problems that needed action were handled without a person.` : 'No problem has needed action yet.'}
      </p>
      <div class="counts">
        <Count label="alert received|alerts received" value={summary.alertsReceived} testId="count-alerts" />
        <Count label="problem|problems" value={summary.problems} testId="count-problems" />
        <Count label="remediation started|remediations started" value={r.started} testId="count-remediations" />
        <Count label="succeeded" value={r.succeeded} testId="count-succeeded" tone="count-healthy" />
        <Count label="failed" value={r.failed} testId="count-failed" tone="count-unhealthy" />
        <Count label="running" value={r.open} testId="count-running" />
        <Count
          label="page open|pages open"
          value={summary.pagesOpen}
          testId="count-pages-open"
          tone={summary.pagesOpen ? 'count-unhealthy' : ''}
        />
        <Count label="unconfirmed: nothing done" value={summary.alertsUnconfirmed} testId="count-unconfirmed" />
        <Count
          label="page recorded, not delivered|pages recorded, not delivered"
          value={summary.pagesNotDelivered}
          testId="count-pages-not-delivered"
          tone={summary.pagesNotDelivered ? 'count-unhealthy' : ''}
        />
        {summary.pagesDeliveryFailed ? (
          <Count
            label="page delivery failed|page deliveries failed"
            value={summary.pagesDeliveryFailed}
            testId="count-pages-failed"
            tone="count-unhealthy"
          />
        ) : null}
      </div>
    </section>
  );
}
