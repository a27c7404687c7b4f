import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNote } from '../components/error-note';
import { MaintenanceTable } from './maintenance-table';
import type { UpcomingMaintenance } from './maintenance-types';

/**
 * The cluster's scheduled node replacements (provider retirements and old nodes), each inside its
 * maintenance window and ahead of the deadline; reloads with the page's `tick` (every event of this
 * cluster), so a replacement that starts or ends shows without a reload.
 */
export function ClusterMaintenance({ name, tick }: { name: string; tick: number }) {
  const [rows, setRows] = useState<UpcomingMaintenance[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api<UpcomingMaintenance[]>(`/api/clusters/${encodeURIComponent(name)}/maintenance`).then((r) => (setRows(r), setError(null)), setError);
  }, [name, tick]);

  return (
    <section data-testid="cluster-maintenance" aria-labelledby="maintenance-title">
      <h2 id="maintenance-title">Upcoming maintenance</h2>
      <ErrorNote error={error} testId="maintenance-error" />
      <MaintenanceTable rows={rows} withCluster={false} testId="maintenance" empty="No node replacement is scheduled for this cluster." />
    </section>
  );
}
