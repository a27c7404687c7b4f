import type { ClusterPreviewJson } from '../../../services/api/schemas/cluster';
import { SimulatedBadge } from '../components/status';
import { usd } from '../format';

/** What will be created: nodes, instance type, version and the monthly price, as the server plans it. */
export function CreatePreview({ preview }: { preview: ClusterPreviewJson | null }) {
  return (
    <aside class="preview" data-testid="create-preview" data-ready={String(Boolean(preview))}>
      <h2>
        What you get <SimulatedBadge simulated={preview?.simulated ?? false} />
      </h2>
      {preview ? (
        <dl class="facts">
          <dt>Nodes</dt>
          <dd data-testid="preview-nodes" data-value={preview.nodeCount}>
            {preview.nodeCount} ({preview.nodesPerRegion} per region × {preview.regions.length})
          </dd>
          <dt>Instance type</dt>
          <dd data-testid="preview-instance">{preview.instanceType}</dd>
          <dt>Version</dt>
          <dd data-testid="preview-version">
            {preview.engine} {preview.version}
          </dd>
          <dt>Replication</dt>
          <dd>
            RF {preview.replicationFactor}, {preview.usableCapacityGb} GB usable
          </dd>
          <dt>Monthly cost</dt>
          <dd data-testid="preview-cost" data-value={preview.monthlyCostUsd}>
            {usd(preview.monthlyCostUsd)} / month
          </dd>
        </dl>
      ) : (
        <p class="muted" data-testid="preview-waiting">
          Fill in the owner, the expected data and a region to see the nodes, version and monthly cost.
        </p>
      )}
    </aside>
  );
}
