import { StatusPill } from '../components/status';
import { took, when } from '../format';
import { clusterHref, nodeHref, operationHref } from '../links';
import type { AlertRow, PageRow, RemediationRow } from './alerts-types';

const ClusterLink = ({ name }: { name: string | null }) =>
  name ? <a href={clusterHref(name)}>{name}</a> : <span class="muted">unknown</span>;
const NodeLink = ({ cluster, node }: { cluster: string | null; node: string | null }) =>
  node && cluster ? <a href={nodeHref(cluster, node)}>{node}</a> : <span class="muted">{node ?? '-'}</span>;
const Empty = ({ columns, text }: { columns: number; text: string }) => (
  <tr>
    <td colSpan={columns} class="muted">
      {text}
    </td>
  </tr>
);

/** Every alert as it arrived, newest first: where from, about what, and the problem it belongs to. */
export function RecentAlerts({ rows }: { rows: AlertRow[] }) {
  return (
    <table class="grid" data-testid="recent-alerts">
      <thead>
        <tr>
          <th>Received</th>
          <th>Alert</th>
          <th>Status</th>
          <th>Severity</th>
          <th>Cluster</th>
          <th>Node</th>
          <th>Summary</th>
          <th>Checked</th>
          <th>Source</th>
        </tr>
      </thead>
      <tbody>
        {rows.length ? (
          rows.map((a) => (
            <tr key={a.id} data-testid="alert-row" data-alert={a.name} data-verdict={a.verdict ?? ''}>
              <td>{when(a.received_at)}</td>
              <td>
                <strong>{a.name}</strong>
              </td>
              <td>
                <StatusPill status={a.status} />
              </td>
              <td>{a.severity}</td>
              <td>
                {a.unroutable ? (
                  <span class="pill pill-unroutable" title="No such cluster: paged to the platform team">
                    unroutable
                  </span>
                ) : (
                  <ClusterLink name={a.cluster} />
                )}
              </td>
              <td>
                <NodeLink cluster={a.cluster} node={a.node} />
              </td>
              <td class="wrap">{a.summary}</td>
              <td class="wrap">
                <Verdict alert={a} />
              </td>
              <td class="muted">{a.sender ?? a.source}</td>
            </tr>
          ))
        ) : (
          <Empty columns={9} text="No alerts received yet." />
        )}
      </tbody>
    </table>
  );
}

/** Whether the platform's own look confirmed the alert before acting: an unconfirmed alert changed nothing. */
function Verdict({ alert }: { alert: AlertRow }) {
  if (!alert.verdict) return <span class="muted">-</span>;
  const title = alert.evidence ? `${alert.evidence.checked}: ${alert.evidence.detail}` : '';
  return alert.verdict === 'unconfirmed' ? (
    <span data-testid="alert-unconfirmed" title={title}>
      <span class="pill pill-unconfirmed">unconfirmed</span> <span class="muted wrap">{alert.evidence?.detail}</span>
    </span>
  ) : (
    <span class="pill pill-confirmed" title={title}>
      confirmed
    </span>
  );
}

/** What automation did: the playbook that matched, the operation it ran and how it ended. */
export function Remediations({ rows }: { rows: RemediationRow[] }) {
  return (
    <table class="grid" data-testid="remediations">
      <thead>
        <tr>
          <th>Started</th>
          <th>Alert</th>
          <th>Cluster</th>
          <th>Node</th>
          <th>Playbook</th>
          <th>Status</th>
          <th>Operation</th>
          <th class="num">Took</th>
        </tr>
      </thead>
      <tbody>
        {rows.length ? (
          rows.map((r) => (
            <tr key={r.id} data-testid="remediation-row" data-alert={r.alert_name} data-status={r.status}>
              <td>{when(r.started_at)}</td>
              <td>{r.alert_name}</td>
              <td>
                <ClusterLink name={r.cluster} />
              </td>
              <td>
                <NodeLink cluster={r.cluster} node={r.node} />
              </td>
              <td>
                {r.playbook_id}{' '}
                <span class="muted">
                  v{r.playbook_version}
                  {r.action ? ` · ${r.action}` : ''}
                </span>
              </td>
              <td>
                <StatusPill status={r.status === 'open' ? 'running' : r.status} />
              </td>
              <td>
                {r.operation_id ? (
                  <a href={operationHref(r.cluster, r.operation_id)} data-testid="remediation-operation">
                    {r.operation_id.slice(0, 8)}
                  </a>
                ) : (
                  <span class="muted">not yet</span>
                )}
              </td>
              <td class="num">{took(r.started_at, r.finished_at)}</td>
            </tr>
          ))
        ) : (
          <Empty columns={8} text="Nothing remediated automatically yet." />
        )}
      </tbody>
    </table>
  );
}

/** Pages sent to people (no playbook, or automation refused or failed) and where each was delivered. */
export function PagesSent({ rows }: { rows: PageRow[] }) {
  return (
    <table class="grid" data-testid="pages">
      <thead>
        <tr>
          <th>Triggered</th>
          <th>Alert</th>
          <th>Cluster</th>
          <th>Status</th>
          <th>Summary</th>
          <th>Deliveries</th>
          <th>Resolved</th>
        </tr>
      </thead>
      <tbody>
        {rows.length ? (
          rows.map((p) => (
            <tr
              key={p.id}
              data-testid="page-row"
              data-alert={p.alert_name}
              data-status={p.status}
              data-delivery={p.delivery}
              title={p.dedup_key}
            >
              <td>{when(p.triggered_at)}</td>
              <td>
                <strong>{p.alert_name}</strong>
              </td>
              <td>
                <ClusterLink name={p.cluster} />
              </td>
              <td>
                <StatusPill status={p.status} />
              </td>
              <td class="wrap">{p.summary}</td>
              <td>
                {p.deliveries.length ? (
                  p.deliveries.map((d, i) => (
                    <span key={i} class={d.ok ? 'delivery' : 'delivery error'} title={`${when(d.at)} · ${d.detail}`}>
                      {d.channel} {d.action}
                      {d.ok ? '' : ' (failed)'}
                    </span>
                  ))
                ) : p.delivery === 'no_pager' ? (
                  <span class="muted" data-testid="page-not-delivered" title="No PagerDuty or Slack endpoint is configured">
                    recorded, not delivered: no pager configured
                  </span>
                ) : (
                  <span class="muted">none</span>
                )}
                {p.unroutable ? <span class="muted"> · unroutable, to {p.team ?? 'the platform team'}</span> : null}
              </td>
              <td>{when(p.resolved_at)}</td>
            </tr>
          ))
        ) : (
          <Empty columns={7} text="No pages sent." />
        )}
      </tbody>
    </table>
  );
}
