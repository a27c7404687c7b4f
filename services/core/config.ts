import { join, resolve } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * One configuration for api and worker, read from the environment and checked against a schema.
 * Unset values take embedded defaults so `npm start` works on a bare machine.
 */
export const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String(),
  databaseUrl: Type.Optional(Type.String()),
  redisUrl: Type.Optional(Type.String()),
  dataDir: Type.String(),
  /** The backup repository (pgBackRest's, Redis snapshots); default <dataDir>/backups. */
  backupDir: Type.String(),
  regionsFile: Type.String(),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
  adminToken: Type.Optional(Type.String({ minLength: 16 })),
  /** Seals cluster passwords at rest (32 bytes, hex or base64); unset: <dataDir>/secret-key, generated. */
  secretKey: Type.Optional(Type.String()),
  /** Earlier secret keys, to open and re-seal what they sealed after a rotation. */
  secretKeysOld: Type.Array(Type.String()),
  queuePrefix: Type.String({ minLength: 1 }),
  workerConcurrency: Type.Integer({ minimum: 1, maximum: 256 }),
  /** How long a job lock lives; a killed worker's job is taken over after about this long. */
  jobLockMs: Type.Integer({ minimum: 1000 }),
  reconcileIntervalMs: Type.Integer({ minimum: 100 }),
  /**
   * How often every node's agent pushes a health snapshot; a death is confirmed by the second
   * snapshot after it. Its budget: one aggregator applies ≥ 20,000 snapshots/s, and the collector's
   * round must fit in it (it warns when a round does not).
   */
  healthIntervalMs: Type.Integer({ minimum: 100 }),
  /** Where pages go: a PagerDuty Events v2 endpoint and a Slack incoming webhook (either may be unset). */
  pagerDutyUrl: Type.Optional(Type.String()),
  slackWebhookUrl: Type.Optional(Type.String()),
  /** Remediation guard: at most this many automatic actions per cluster, and fleet-wide, per hour. */
  remediationsPerClusterPerHour: Type.Integer({ minimum: 0 }),
  remediationsPerFleetPerHour: Type.Integer({ minimum: 0 }),
  /** At most one remediation per problem within this window; a recurrence inside it pages a person. */
  remediationWindowMs: Type.Integer({ minimum: 0 }),
  simulatorSeed: Type.Integer(),
  /**
   * Simulated benchmark runs drift from slice to slice as real ones do (a few percent, and a varying
   * tail), so the upgrade gate meets simulated noise; off, a simulated node's latency varies only by
   * its sampling. The gate's error rates under drift are measured by `npm run bench:gate`.
   */
  simulatorBenchmarkDrift: Type.Boolean(),
  /** Simulated seconds per real second: 60 makes a 3-minute cloud boot take 3 s. */
  simulatorTimeScale: Type.Number({ exclusiveMinimum: 0 }),
  /** How often the campaign worker passes over every active campaign. */
  campaignTickMs: Type.Integer({ minimum: 50 }),
  /** One stored raw metric point per node per this interval (the health stream is finer; raw points are averaged over it). */
  metricsRawIntervalMs: Type.Integer({ minimum: 100 }),
  /** Raw points are kept this many days; hourly and daily rollups are kept for years. */
  metricsRawRetentionDays: Type.Integer({ minimum: 1 }),
  /** How often the rollup job folds raw points into hourly and daily rollups (and drops expired raw partitions). */
  metricsRollupEveryMs: Type.Integer({ minimum: 0 }),
  /** Days of simulated history a new simulated cluster arrives with, so its forecast has something to fit. */
  simulatorHistoryDays: Type.Integer({ minimum: 0 }),
  /** How often every cluster's capacity is forecast (daily by default). */
  forecastEveryMs: Type.Integer({ minimum: 0 }),
  /** Exhaustion predicted within this many days notifies the owning team and the platform channel. */
  capacityWarningDays: Type.Integer({ minimum: 1 }),
  /** Where capacity and maintenance notices go (Slack incoming-webhook format); falls back to slackWebhookUrl. */
  notifyWebhookUrl: Type.Optional(Type.String()),
  /** The platform team's channel, named in each notice sent there. */
  platformChannel: Type.String(),
  /** How often provider retirement notices and old nodes are scanned for. */
  maintenanceScanEveryMs: Type.Integer({ minimum: 0 }),
  /** Nodes older than this (in days, fractions allowed) are replaced proactively. */
  /** How often clusters are checked for a scheduled backup due inside their backup window. */
  backupScanEveryMs: Type.Integer({ minimum: 0 }),
  /** How often clusters are checked for a scheduled restore drill due inside their maintenance window. */
  restoreDrillScanEveryMs: Type.Integer({ minimum: 0 }),
  /** How often clusters whose team enabled automatic storage growth are checked against their forecast. */
  storageScanEveryMs: Type.Integer({ minimum: 0 }),
  /**
   * `patroni` (the default, DATAFLEET_LOCAL_POSTGRES_FAILOVER): local PostgreSQL clusters of two
   * or more nodes run under Patroni with an etcd store (where `patroni` or `etcd` is not installed
   * the cluster runs without automatic failover and names the missing binary). `off` creates them
   * without automatic failover, on Datafleet's own streaming replication.
   */
  localPostgresFailover: Type.Union([Type.Literal('off'), Type.Literal('patroni')]),
  /** A cluster's latest backup is restored and checked this often (days, fractions allowed). */
  restoreDrillEveryDays: Type.Number({ exclusiveMinimum: 0 }),
  /** A cluster without a passed drill in this many days is listed as at risk. */
  restoreDrillAtRiskDays: Type.Number({ exclusiveMinimum: 0 }),
  maxNodeAgeDays: Type.Number({ exclusiveMinimum: 0 }),
  /** A query waits at most this long for a PostgreSQL connection; then the request is answered 503. */
  databaseConnectTimeoutMs: Type.Integer({ minimum: 100 }),
  /** A query PostgreSQL does not answer within this long fails (a hung or partitioned server); the request is answered 503. */
  databaseQueryTimeoutMs: Type.Integer({ minimum: 100 }),
  /** A Redis command of the API and the producers fails after this long (commands fail at once while Redis is disconnected). */
  redisCommandTimeoutMs: Type.Integer({ minimum: 100 }),
  /** Requests a minute each bearer token (or each client address without one) may make to /api. */
  rateLimitPerMinute: Type.Integer({ minimum: 1 }),
  /** How often each API process reads the fleet again for the per-cluster gauges on /metrics. */
  clusterGaugesRefreshMs: Type.Integer({ minimum: 100 }),
});

export type Config = Static<typeof ConfigSchema>;

/**
 * The background jobs' periods: each at least this, or 0, which turns that schedule off (no run at
 * start, none after; a job with an on-demand route still runs when asked).
 */
const SCHEDULE_MINIMUM_MS = {
  metricsRollupEveryMs: 100,
  forecastEveryMs: 100,
  maintenanceScanEveryMs: 100,
  backupScanEveryMs: 1000,
  restoreDrillScanEveryMs: 1000,
  storageScanEveryMs: 1000,
} as const satisfies Partial<Record<keyof Config, number>>;

type Env = Record<string, string | undefined>;

const int = (v: string | undefined, fallback: number): number => (v === undefined || v === '' ? fallback : Number(v));

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(env.DATAFLEET_DATA_DIR ?? '.datafleet');
  const config: Config = {
    port: int(env.PORT, 8080),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    dataDir,
    backupDir: resolve(env.DATAFLEET_BACKUP_DIR ?? join(overrides.dataDir ?? dataDir, 'backups')),
    regionsFile: resolve(env.DATAFLEET_REGIONS_FILE ?? 'config/regions.json'),
    logLevel: (env.LOG_LEVEL ?? 'info') as Config['logLevel'],
    adminToken: env.DATAFLEET_ADMIN_TOKEN || undefined,
    secretKey: env.DATAFLEET_SECRET_KEY || undefined,
    secretKeysOld: (env.DATAFLEET_SECRET_KEYS_OLD ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    queuePrefix: env.DATAFLEET_QUEUE_PREFIX ?? 'datafleet',
    workerConcurrency: int(env.DATAFLEET_WORKER_CONCURRENCY, 8),
    jobLockMs: int(env.DATAFLEET_JOB_LOCK_MS, 15_000),
    reconcileIntervalMs: int(env.DATAFLEET_RECONCILE_INTERVAL_MS, 10_000),
    healthIntervalMs: int(env.DATAFLEET_HEALTH_INTERVAL_MS, 2000),
    pagerDutyUrl: env.DATAFLEET_PAGERDUTY_URL || undefined,
    slackWebhookUrl: env.DATAFLEET_SLACK_WEBHOOK_URL || undefined,
    remediationsPerClusterPerHour: int(env.DATAFLEET_REMEDIATIONS_PER_CLUSTER_PER_HOUR, 3),
    remediationsPerFleetPerHour: int(env.DATAFLEET_REMEDIATIONS_PER_FLEET_PER_HOUR, 50),
    remediationWindowMs: int(env.DATAFLEET_REMEDIATION_WINDOW_MS, 30 * 60_000),
    simulatorSeed: int(env.DATAFLEET_SIM_SEED, 42),
    simulatorBenchmarkDrift: (env.DATAFLEET_SIM_BENCHMARK_DRIFT ?? 'on') !== 'off',
    simulatorTimeScale: int(env.DATAFLEET_SIM_TIME_SCALE, 60),
    campaignTickMs: int(env.DATAFLEET_CAMPAIGN_TICK_MS, 5000),
    metricsRawIntervalMs: int(env.DATAFLEET_METRICS_RAW_INTERVAL_MS, 60_000),
    metricsRawRetentionDays: int(env.DATAFLEET_METRICS_RAW_RETENTION_DAYS, 14),
    metricsRollupEveryMs: int(env.DATAFLEET_METRICS_ROLLUP_EVERY_MS, 300_000),
    simulatorHistoryDays: int(env.DATAFLEET_SIM_HISTORY_DAYS, 120),
    forecastEveryMs: int(env.DATAFLEET_FORECAST_EVERY_MS, 86_400_000),
    capacityWarningDays: int(env.DATAFLEET_CAPACITY_WARNING_DAYS, 90),
    notifyWebhookUrl: env.DATAFLEET_NOTIFY_WEBHOOK_URL || undefined,
    platformChannel: env.DATAFLEET_PLATFORM_CHANNEL ?? '#datafleet-platform',
    maintenanceScanEveryMs: int(env.DATAFLEET_MAINTENANCE_SCAN_EVERY_MS, 60_000),
    backupScanEveryMs: int(env.DATAFLEET_BACKUP_SCAN_EVERY_MS, 300_000),
    restoreDrillScanEveryMs: int(env.DATAFLEET_RESTORE_DRILL_SCAN_EVERY_MS, 900_000),
    storageScanEveryMs: int(env.DATAFLEET_STORAGE_SCAN_EVERY_MS, 3_600_000),
    localPostgresFailover: (env.DATAFLEET_LOCAL_POSTGRES_FAILOVER || 'patroni') as Config['localPostgresFailover'],
    restoreDrillEveryDays: int(env.DATAFLEET_RESTORE_DRILL_EVERY_DAYS, 7),
    restoreDrillAtRiskDays: int(env.DATAFLEET_RESTORE_DRILL_AT_RISK_DAYS, 14),
    maxNodeAgeDays: int(env.DATAFLEET_MAX_NODE_AGE_DAYS, 365),
    databaseConnectTimeoutMs: int(env.DATAFLEET_DB_CONNECT_TIMEOUT_MS, 5000),
    databaseQueryTimeoutMs: int(env.DATAFLEET_DB_QUERY_TIMEOUT_MS, 15_000),
    redisCommandTimeoutMs: int(env.DATAFLEET_REDIS_COMMAND_TIMEOUT_MS, 2000),
    rateLimitPerMinute: int(env.DATAFLEET_RATE_LIMIT_PER_MINUTE, 600),
    clusterGaugesRefreshMs: int(env.DATAFLEET_CLUSTER_GAUGES_REFRESH_MS, 30_000),
    ...overrides,
  };
  if (!Value.Check(ConfigSchema, config)) {
    const problems = [...Value.Errors(ConfigSchema, config)].map((e) => `${e.path.slice(1)}: ${e.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  for (const [name, minimum] of Object.entries(SCHEDULE_MINIMUM_MS)) {
    const every = config[name as keyof typeof SCHEDULE_MINIMUM_MS];
    if (every !== 0 && every < minimum) {
      throw new Error(`invalid configuration: ${name}: must be 0 (the schedule off) or at least ${minimum} ms`);
    }
  }
  // Otherwise a typo surfaces later as a driver's riddle ("getaddrinfo ENOTFOUND base"). The value
  // itself is not repeated: it may hold a password.
  const urlProblems = [
    ['DATABASE_URL', config.databaseUrl, ['postgres:', 'postgresql:', 'socket:']],
    ['REDIS_URL', config.redisUrl, ['redis:', 'rediss:']],
  ] as const;
  for (const [name, value, schemes] of urlProblems) {
    if (value !== undefined && !connectionUrlOk(value, schemes)) {
      throw new Error(`invalid configuration: ${name} must be a URL such as ${schemes[0]}//user@host:port/... (or a socket path)`);
    }
  }
  return config;
}

function connectionUrlOk(value: string, schemes: readonly string[]): boolean {
  if (value.startsWith('/')) return true;
  try {
    return schemes.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
