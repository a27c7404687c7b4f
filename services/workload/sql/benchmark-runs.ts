import { withTransaction, type Pool, type PoolClient } from '../../infra/db/pool';
import { newId } from '../../core/ids';
import type { WorkloadDefinition } from '../definition';
import type { BenchmarkPhase, BenchmarkRun, BenchmarkRunSummary, NewBenchmarkRun } from '../benchmark-run';

export type { BenchmarkPhase, BenchmarkRun, BenchmarkRunSummary, NewBenchmarkRun } from '../benchmark-run';
export { BenchmarkPhases } from '../benchmark-run';

const SUMMARY_COLUMNS = `id, cluster_id, operation_id, workload_name, workload, engine, cluster_version, node_versions, phase, simulated,
  started_at, finished_at, measured_seconds, operations, errors, ops_per_second, avg_ms, p50_ms, p95_ms, p99_ms, p999_ms, max_ms,
  by_operation, error_messages, created_at`;

type Row = Record<string, unknown>;
const toSummary = (r: Row): BenchmarkRunSummary => ({
  id: r.id as string,
  clusterId: r.cluster_id as string,
  operationId: (r.operation_id as string | null) ?? null,
  workloadName: r.workload_name as string,
  workload: r.workload as WorkloadDefinition,
  engine: r.engine as string,
  clusterVersion: r.cluster_version as string,
  nodeVersions: r.node_versions as BenchmarkRunSummary['nodeVersions'],
  phase: r.phase as BenchmarkPhase,
  simulated: r.simulated as boolean,
  startedAt: r.started_at as Date,
  finishedAt: r.finished_at as Date,
  measuredSeconds: r.measured_seconds as number,
  operations: Number(r.operations),
  errors: Number(r.errors),
  opsPerSecond: r.ops_per_second as number,
  latencyMs: {
    avg: r.avg_ms as number,
    p50: r.p50_ms as number,
    p95: r.p95_ms as number,
    p99: r.p99_ms as number,
    p999: r.p999_ms as number,
    max: r.max_ms as number,
  },
  byOperation: r.by_operation as BenchmarkRunSummary['byOperation'],
  errorMessages: r.error_messages as string[],
  createdAt: r.created_at as Date,
});

/** Workload runs (migrations/009_benchmark_runs.sql). */
export class BenchmarkRunRepository {
  constructor(private readonly pool: Pool) {}

  /** Stores a run; for an operation, a second store of the same workload and phase keeps the first. Returns the stored id. */
  async insert(run: NewBenchmarkRun): Promise<string> {
    return this.insertOn(this.pool, run);
  }

  /**
   * Stores the two runs of a paired measurement (a canary and its baseline, measured at the same
   * time) together or not at all, so a crash never leaves one side of a pair without the other.
   */
  async insertPair(first: NewBenchmarkRun, second: NewBenchmarkRun): Promise<[string, string]> {
    return withTransaction(this.pool, async (db) => [await this.insertOn(db, first), await this.insertOn(db, second)]);
  }

  private async insertOn(db: Pool | PoolClient, run: NewBenchmarkRun): Promise<string> {
    const { result: r } = run;
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO benchmark_runs (id, cluster_id, operation_id, workload_name, workload, engine, cluster_version, node_versions, phase, simulated,
         started_at, finished_at, measured_seconds, operations, errors, ops_per_second, avg_ms, p50_ms, p95_ms, p99_ms, p999_ms, max_ms,
         by_operation, histogram, samples, error_messages, slices, attempt)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28)
       ON CONFLICT (operation_id, workload_name, phase, attempt) WHERE operation_id IS NOT NULL DO NOTHING RETURNING id`,
      [
        newId(),
        run.clusterId,
        run.operationId,
        r.workload.name,
        JSON.stringify(r.workload),
        r.engine,
        run.clusterVersion,
        JSON.stringify(r.nodes),
        run.phase,
        r.simulated,
        r.startedAt,
        r.finishedAt,
        r.measuredSeconds,
        r.operations,
        r.errors,
        r.opsPerSecond,
        r.latency.avg,
        r.latency.p50,
        r.latency.p95,
        r.latency.p99,
        r.latency.p999,
        r.latency.max,
        JSON.stringify(r.byOperation),
        r.histogram,
        JSON.stringify(r.samples),
        JSON.stringify(r.errorMessages),
        JSON.stringify(r.slices),
        run.attempt ?? 0,
      ],
    );
    if (rows[0]) return rows[0].id;
    const existing = await this.forOperation(run.operationId!, r.workload.name, run.phase, run.attempt ?? 0);
    if (!existing) throw new Error(`benchmark run of ${r.workload.name} for operation ${run.operationId} vanished`);
    return existing.id;
  }

  async forOperation(operationId: string, workloadName: string, phase: BenchmarkPhase, attempt = 0): Promise<BenchmarkRunSummary | null> {
    const { rows } = await this.pool.query(
      `SELECT ${SUMMARY_COLUMNS} FROM benchmark_runs WHERE operation_id = $1 AND workload_name = $2 AND phase = $3 AND attempt = $4`,
      [operationId, workloadName, phase, attempt],
    );
    return rows[0] ? toSummary(rows[0]) : null;
  }

  /** A cluster's runs, newest first, without histograms and samples. */
  async forCluster(clusterId: string, limit = 100): Promise<BenchmarkRunSummary[]> {
    const { rows } = await this.pool.query(
      `SELECT ${SUMMARY_COLUMNS} FROM benchmark_runs WHERE cluster_id = $1 ORDER BY created_at DESC, started_at DESC LIMIT $2`,
      [clusterId, limit],
    );
    return rows.map(toSummary);
  }

  /** An operation's runs of one phase (and attempt: a rerun of it), by workload name: what a resumed step already stored, in one read. */
  async forOperationPhase(operationId: string, phase: BenchmarkPhase, attempt = 0): Promise<Map<string, BenchmarkRunSummary>> {
    const { rows } = await this.pool.query(
      `SELECT ${SUMMARY_COLUMNS} FROM benchmark_runs WHERE operation_id = $1 AND phase = $2 AND attempt = $3`,
      [operationId, phase, attempt],
    );
    return new Map(rows.map((r) => [r.workload_name as string, toSummary(r)]));
  }

  async get(id: string): Promise<BenchmarkRun | null> {
    return (await this.getMany([id])).get(id) ?? null;
  }

  /** Several runs with their histograms, samples and slices, by id (the gate's before and after runs in one read). */
  async getMany(ids: readonly string[]): Promise<Map<string, BenchmarkRun>> {
    const { rows } = await this.pool.query(
      `SELECT ${SUMMARY_COLUMNS}, histogram, samples, slices FROM benchmark_runs WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(
      rows.map((row) => [
        row.id as string,
        {
          ...toSummary(row),
          histogram: row.histogram as string,
          samples: row.samples as number[],
          slices: row.slices as BenchmarkRun['slices'],
        },
      ]),
    );
  }
}
