import type { Cluster } from '../types';
import { day, usd } from '../format';

export interface Column {
  key: string;
  label: string;
  /** Server sort key, when the column can be sorted (GET /api/clusters?sort=). */
  sort?: string;
  numeric?: boolean;
  value: (c: Cluster) => string | number;
}

export const columns: Column[] = [
  { key: 'name', label: 'Name', sort: 'name', value: (c) => c.name },
  { key: 'engine', label: 'Engine', sort: 'engine', value: (c) => c.engine },
  { key: 'version', label: 'Version', sort: 'version', value: (c) => c.version },
  { key: 'environment', label: 'Env', value: (c) => c.environment },
  { key: 'regions', label: 'Regions', value: (c) => c.regions.join(', ') },
  { key: 'nodeCount', label: 'Nodes', sort: 'nodeCount', numeric: true, value: (c) => c.nodeCount },
  { key: 'instanceType', label: 'Instance type', value: (c) => c.instanceType },
  { key: 'owner', label: 'Owner', value: (c) => c.owner.name },
  { key: 'status', label: 'Status', sort: 'status', value: (c) => c.status },
  { key: 'health', label: 'Health', value: (c) => c.health?.state ?? 'unknown' },
  { key: 'monthlyCostUsd', label: 'Cost / month', sort: 'monthlyCostUsd', numeric: true, value: (c) => usd(c.monthlyCostUsd) },
  { key: 'oldestNodeAgeDays', label: 'Oldest node (days)', sort: 'oldestNodeAt', numeric: true, value: (c) => c.oldestNodeAgeDays ?? '-' },
  { key: 'createdAt', label: 'Created', sort: 'createdAt', value: (c) => day(c.createdAt) },
];

const STORAGE_KEY = 'datafleet.columns';
const DEFAULT = [
  'name',
  'engine',
  'version',
  'environment',
  'regions',
  'nodeCount',
  'owner',
  'status',
  'health',
  'monthlyCostUsd',
  'oldestNodeAgeDays',
];

/** The columns this browser chose last time (unknown keys from older consoles dropped). */
export function savedColumns(): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as unknown;
    const known = Array.isArray(saved) ? saved.filter((k): k is string => columns.some((c) => c.key === k)) : [];
    return known.length ? known : DEFAULT;
  } catch {
    return DEFAULT;
  }
}

export function saveColumns(keys: string[]): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(keys));
}
