import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useLive } from '../live';
import type { ClusterDetail, Operation } from '../types';
import { StatusPill } from '../components/status';
import { Steps } from '../components/steps';

/** Follows a new cluster until it is ACTIVE or FAILED: live events, with a 1 s poll as a safety net. */
export function Progress({ name, operationId }: { name: string; operationId: string }) {
  const [cluster, setCluster] = useState<ClusterDetail | null>(null);
  const [op, setOp] = useState<Operation | null>(null);
  const refresh = () => {
    void api<ClusterDetail>(`/api/clusters/${name}`).then(setCluster);
    void api<Operation>(`/api/operations/${operationId}`).then(setOp);
  };
  const done = cluster?.status === 'ACTIVE' || cluster?.status === 'FAILED';
  useEffect(() => {
    refresh();
    if (done) return undefined;
    const timer = setInterval(refresh, 1000);
    return () => clearInterval(timer);
  }, [done]);
  useLive((_type, data) => (data.id === operationId || data.name === name) && refresh(), [name, operationId]);

  return (
    <main class="narrow" data-testid="progress">
      <h1>{name}</h1>
      <p>Status: {cluster ? <StatusPill status={cluster.status} testId="cluster-status" /> : '…'}</p>
      {cluster?.statusReason ? <p class="error">{cluster.statusReason}</p> : null}
      {op ? <Steps op={op} /> : null}
      <p><a href={`#/clusters/${name}`} data-testid="cluster-link">Open the cluster page</a></p>
    </main>
  );
}
