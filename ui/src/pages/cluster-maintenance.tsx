import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNote } from '../components/error-note';
import { MaintenanceTable } from './maintenance-table';
import type { PlannedReplacement } from './maintenance-types';

const isOpen = (m: PlannedReplacement) => m.status === 'pending' || m.status === 'running';

/**
 * The cluster's planned node replacements (provider retirements and old nodes), each inside its
 * maintenance window and ahead of the deadline, then the finished ones. Reloads with the page's
 * `tick` (every event of this cluster), so a replacement that starts or ends shows without a reload.
 */
export function ClusterMaintenance({ name, tick }: { name: string; tick: number }) {
  const [rows, setRows] = useState<PlannedReplacement[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api<PlannedReplacement[]>(`/api/clusters/${encodeURIComponent(name)}/maintenance?limit=50`).then(
      (r) => (setRows(r), setError(null)),
      setError,
    );
  }, [name, tick]);

  const done = rows.filter((m) => !isOpen(m));
  return (
    <section data-testid="cluster-maintenance" aria-labelledby="maintenance-title">
      <h2 id="maintenance-title">Upcoming maintenance</h2>
      <ErrorNote error={error} testId="maintenance-error" />
      <MaintenanceTable
        rows={rows.filter(isOpen)}
        withCluster={false}
        testId="maintenance"
        label="Upcoming maintenance"
        empty="No node replacement is planned for this cluster."
      />
      {done.length ? (
        <>
          <h3>Past replacements</h3>
          <MaintenanceTable rows={done} withCluster={false} testId="past-maintenance" label="Past replacements" empty="" />
        </>
      ) : null}
    </section>
  );
}
