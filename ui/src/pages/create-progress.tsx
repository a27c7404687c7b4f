import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useLive } from '../live';
import { clusterHref } from '../links';
import type { ClusterDetail, Operation } from '../types';
import { StatusPill } from '../components/status';
import { ErrorNote } from '../components/error-note';
import { Steps } from '../components/steps';

const settled = (status: string | undefined) => status === 'ACTIVE' || status === 'FAILED';

/** Follows a new cluster until it is ACTIVE or FAILED: live events, with a 1 s poll as a safety net. */
export function Progress({ name, operationId }: { name: string; operationId: string }) {
  const [cluster, setCluster] = useState<ClusterDetail | null>(null);
  const [op, setOp] = useState<Operation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const refresh = () => {
    api<ClusterDetail>(`/api/clusters/${encodeURIComponent(name)}`).then(setCluster, setError);
    api<Operation>(`/api/operations/${operationId}`).then(setOp, setError);
  };
  const done = settled(cluster?.status);
  useEffect(() => {
    refresh();
    if (done) return undefined;
    const timer = setInterval(refresh, 1000);
    return () => clearInterval(timer);
  }, [done]);
  useLive((type, data) => {
    if ((type === 'operation' && data.id === operationId) || (type === 'cluster' && data.name === name)) refresh();
  });

  return (
    <main class="narrow" data-testid="progress">
      <h1>
        {name} {cluster ? <StatusPill status={cluster.status} testId="cluster-status" /> : null}
      </h1>
      <p class="muted">
        {done
          ? cluster?.status === 'ACTIVE'
            ? 'Ready.'
            : 'Provisioning failed.'
          : 'Provisioning: each step is checkpointed, so a restarted worker resumes where it stopped.'}
      </p>
      {cluster?.statusReason ? (
        <p class="error" data-testid="status-reason">
          {cluster.statusReason}
        </p>
      ) : null}
      <ErrorNote error={error} />
      {op ? <Steps op={op} /> : null}
      {op?.error ? <p class="error">{op.error}</p> : null}
      <p>
        <a href={clusterHref(name)} data-testid="cluster-link">
          Open the cluster page →
        </a>
      </p>
    </main>
  );
}
