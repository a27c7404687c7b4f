import { join } from 'node:path';
import { runBenchmark, writeResults } from '../lib/report';
import { BenchControlPlane } from './control-plane';
import { DirectPgBackRest } from './pgbackrest-direct';
import { compareBackups, compareRestores } from './postgres-phases';
import { compareRedisBackups } from './redis-phase';
import { measureRpo } from './rpo';
import { pgbenchInit, pgbenchScaleFor, sourceCluster } from './source-cluster';

/**
 * Backups and restores through Datafleet against the tools run by hand, on a local PostgreSQL
 * cluster Datafleet created and filled by `pgbench -i`: (a) full backup throughput through the
 * backup operation vs (b) pgBackRest directly with the same options into a stanza of its own;
 * (c) restore of that data into a new cluster vs pgBackRest restore and start by hand; (d) RPO of
 * WAL archiving when the source is killed under a steady write load; and Redis RDB backups vs
 * `redis-cli --rdb`. Targets: throughput ratio ≥ 0.9; RPO in seconds (stated, not judged).
 */
const gb = Number(process.env.BENCH_BACKUP_GB ?? 1);
const rounds = Number(process.env.BENCH_BACKUP_ROUNDS ?? 3);
const redisMb = Number(process.env.BENCH_BACKUP_REDIS_MB ?? 80);
const rpoRate = Number(process.env.BENCH_BACKUP_RPO_RATE ?? 50);
// A random moment in the archive_timeout cycle unless one is asked for.
const rpoKillAfter = Number(process.env.BENCH_BACKUP_RPO_SECONDS ?? 30 + Math.round(Math.random() * 60));
const skip = new Set((process.env.BENCH_BACKUP_SKIP ?? '').split(',').filter(Boolean));
const RATIO_TARGET = 0.9;

async function main(): Promise<void> {
  const plane = await BenchControlPlane.start();
  console.log(`creating a local PostgreSQL cluster; then pgbench -i for ~${gb} GB`);
  await plane.createCluster('bench-pg', 'postgres', Math.max(1, Math.ceil(gb * 2)));
  const source = await sourceCluster(plane, 'bench-pg');
  const scale = pgbenchScaleFor(gb);
  const loadSeconds = await pgbenchInit(source.node, scale);
  // Dirty pages written now, so the first backup's fast checkpoint does not carry the load for both.
  await source.sql('CHECKPOINT');
  const [{ bytes }] = (await source.sql<{ bytes: string }>("SELECT pg_database_size('postgres') AS bytes")) as [{ bytes: string }];
  console.log(`loaded scale ${scale} (${Math.round(Number(bytes) / 2 ** 20)} MiB) in ${Math.round(loadSeconds)} s`);

  const direct = new DirectPgBackRest(join(plane.env.dataDir, 'direct-pgbackrest'), 'direct', source.datafleetConfig, source.runAs);
  const backups = await compareBackups(plane, source, direct, rounds);
  const restores = skip.has('restore') ? null : await compareRestores(plane, source, direct, backups, scale * 100_000);
  const redis = skip.has('redis') ? null : await compareRedisBackups(plane, redisMb, rounds);
  const rpo = skip.has('rpo') ? null : await measureRpo(plane, source, { writesPerSecond: rpoRate, killAfterSeconds: rpoKillAfter });

  const met = (ok: boolean) => (ok ? 'met' : 'not met');
  writeResults(
    'backup',
    {
      knobs: { gb, rounds, redisMb, rpoRate, rpoKillAfter },
      postgres: {
        version: source.detail.version,
        nodes: source.detail.nodes.length,
        pgbenchScale: scale,
        databaseBytes: Number(bytes),
        loadSeconds: Math.round(loadSeconds),
        backups,
        throughputTarget: { ratio: RATIO_TARGET, result: met(backups.ratio >= RATIO_TARGET) },
        restores,
        rpo,
      },
      redis,
    },
    [
      {
        measure: 'PostgreSQL full backup (MiB/s)',
        datafleet: backups.datafleetMibPerSecond,
        direct: backups.directMibPerSecond,
        ratio: backups.ratio,
      },
      ...(restores
        ? [
            {
              measure: `restore ${Math.round(Number(bytes) / 2 ** 20)} MiB (s)`,
              datafleet: restores.datafleet.seconds,
              direct: restores.direct.seconds,
              ratio: Math.round((restores.direct.seconds / restores.datafleet.seconds) * 100) / 100,
            },
          ]
        : []),
      ...(redis
        ? [
            {
              measure: 'Redis RDB backup (MiB/s)',
              datafleet: redis.datafleetMibPerSecond,
              direct: redis.redisCliMibPerSecond,
              ratio: redis.ratio,
            },
          ]
        : []),
      ...(rpo ? [{ measure: `RPO, archive_timeout ${rpo.archiveTimeout} (s)`, datafleet: rpo.rpoSeconds, direct: '-', ratio: '-' }] : []),
    ],
  );
}

runBenchmark(main);
