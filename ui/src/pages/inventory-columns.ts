import type { Cluster } from '../types';

export interface Column {
  key: string;
  label: string;
  /** Server sort key, when the column can be sorted. */
  sort?: string;
  value: (c: Cluster) => string | number;
}

export const columns: Column[] = [
  { key: 'name', label: 'Name', sort: 'name', value: (c) => c.name },
  { key: 'engine', label: 'Engine', sort: 'engine', value: (c) => c.engine },
  { key: 'version', label: 'Version', sort: 'version', value: (c) => c.version },
  { key: 'environment', label: 'Env', value: (c) => c.environment },
  { key: 'regions', label: 'Regions', value: (c) => c.regions.join(', ') },
  { key: 'nodeCount', label: 'Nodes', sort: 'nodeCount', value: (c) => c.nodeCount },
  { key: 'instanceType', label: 'Instance', value: (c) => c.instanceType },
  { key: 'owner', label: 'Owner', value: (c) => c.owner.name },
  { key: 'status', label: 'Status', sort: 'status', value: (c) => c.status },
  { key: 'monthlyCostUsd', label: 'Cost / month', sort: 'monthlyCostUsd', value: (c) => `$${c.monthlyCostUsd.toLocaleString()}` },
  { key: 'oldestNodeAgeDays', label: 'Oldest node (days)', sort: 'oldestNodeAt', value: (c) => c.oldestNodeAgeDays ?? '-' },
  { key: 'createdAt', label: 'Created', sort: 'createdAt', value: (c) => new Date(c.createdAt).toLocaleDateString() },
];

const STORAGE_KEY = 'datafleet.columns';
const DEFAULT = ['name', 'engine', 'version', 'environment', 'regions', 'nodeCount', 'owner', 'status', 'monthlyCostUsd', 'oldestNodeAgeDays'];

export function savedColumns(): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as string[] | null;
    return Array.isArray(saved) && saved.length ? saved : DEFAULT;
  } catch {
    return DEFAULT;
  }
}

export function saveColumns(keys: string[]): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(keys));
}
