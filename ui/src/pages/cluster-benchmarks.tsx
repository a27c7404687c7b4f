import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Operation } from '../types';
import { StatusPill } from '../components/status';
import { ErrorNote } from '../components/error-note';
import { Steps } from '../components/steps';
import { when } from '../format';
import type { BenchmarkRun } from './cluster-upgrade-types';

// Latencies carry their unit in the header, so the columns stay narrow and line up.
const latency = (v: number) => v.toFixed(1);
const isOpen = (op: Operation) => op.status === 'pending' || op.status === 'running';

/**
 * The cluster's stored benchmark runs (on demand and each upgrade's before/after), newest first, and
 * a button that runs the standard workloads now; the run's operation is followed live (the page's
 * `tick` moves on every event of this cluster).
 */
export function ClusterBenchmarks({ name, tick, active }: { name: string; tick: number; active: boolean }) {
  const [runs, setRuns] = useState<BenchmarkRun[]>([]);
  const [running, setRunning] = useState<Operation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ref = encodeURIComponent(name);

  useEffect(() => {
    api<BenchmarkRun[]>(`/api/clusters/${ref}/benchmarks?limit=50`).then(setRuns, setError);
    if (running) api<Operation>(`/api/operations/${running.id}`).then(setRunning, setError);
  }, [name, tick]);

  const run = async () => {
    try {
      const { operation } = await api<{ operation: Operation }>(`/api/clusters/${ref}/benchmarks`, {
        method: 'POST',
        body: { durationSeconds: 5 },
      });
      setRunning(operation);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div data-testid="benchmarks">
      <h3>
        Benchmark history{' '}
        <button
          type="button"
          onClick={() => void run()}
          disabled={!active || (running !== null && isOpen(running))}
          data-testid="run-benchmark"
        >
          Run benchmark
        </button>
      </h3>
      <ErrorNote error={error} testId="benchmark-error" />
      {running ? (
        <div class="notice" data-testid="benchmark-operation" data-status={running.status}>
          Benchmark <StatusPill status={running.status} /> <span class="muted">requested {when(running.createdAt)}</span>
          <Steps op={running} />
          {running.error ? <p class="error">{running.error}</p> : null}
        </div>
      ) : null}
      {runs.length === 0 ? (
        <p class="muted" data-testid="no-benchmarks">
          No benchmark has run against this cluster yet.
        </p>
      ) : (
        <table class="grid compact" data-testid="benchmark-runs">
          <thead>
            <tr>
              <th>When</th>
              <th>Workload</th>
              <th>Phase</th>
              <th>Version</th>
              <th class="num">ops/s</th>
              <th class="num">errors</th>
              <th class="num">avg (ms)</th>
              <th class="num">p50 (ms)</th>
              <th class="num">p95 (ms)</th>
              <th class="num">p99 (ms)</th>
              <th class="num">p99.9 (ms)</th>
              <th class="num">max (ms)</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} data-testid="benchmark-row" data-phase={r.phase} data-workload={r.workloadName}>
                <td>{when(r.createdAt)}</td>
                <td>
                  {r.workloadName}
                  {r.simulated ? <span class="muted"> (simulated)</span> : null}
                </td>
                <td>{r.phase}</td>
                <td>{r.clusterVersion}</td>
                <td class="num">{Math.round(r.opsPerSecond).toLocaleString()}</td>
                <td class="num">{r.errors}</td>
                <td class="num">{latency(r.latencyMs.avg)}</td>
                <td class="num">{latency(r.latencyMs.p50)}</td>
                <td class="num">{latency(r.latencyMs.p95)}</td>
                <td class="num">{latency(r.latencyMs.p99)}</td>
                <td class="num">{latency(r.latencyMs.p999)}</td>
                <td class="num">{latency(r.latencyMs.max)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
