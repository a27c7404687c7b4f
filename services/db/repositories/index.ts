import type { Pool } from '../pool';
import { AlertRepository } from './alerts';
import { AlertSourceRepository } from './alert-sources';
import { AuditRepository } from './audit';
import { BenchmarkRunRepository } from './benchmark-runs';
import { CampaignRepository } from './campaigns';
import { RemediationRepository } from './remediations';
import { HealthRepository } from './health';
import { ClusterRepository } from './clusters';
import { ClusterSecretRepository } from './cluster-secrets';
import type { SecretBox } from '../../platform/secrets/secret-box';
import { IdempotencyRepository } from './idempotency';
import { LeaseRepository } from './leases';
import { NodeRepository } from './nodes';
import { OperationRepository } from './operations';
import { TeamRepository } from './teams';
import { TokenRepository } from './tokens';

export interface Repositories {
  teams: TeamRepository;
  tokens: TokenRepository;
  clusters: ClusterRepository;
  clusterSecrets: ClusterSecretRepository;
  nodes: NodeRepository;
  operations: OperationRepository;
  leases: LeaseRepository;
  audit: AuditRepository;
  idempotency: IdempotencyRepository;
  health: HealthRepository;
  alerts: AlertRepository;
  alertSources: AlertSourceRepository;
  remediations: RemediationRepository;
  benchmarkRuns: BenchmarkRunRepository;
  campaigns: CampaignRepository;
}

export function createRepositories(pool: Pool, secretBox: SecretBox): Repositories {
  const clusterSecrets = new ClusterSecretRepository(pool, secretBox);
  return {
    teams: new TeamRepository(pool),
    tokens: new TokenRepository(pool),
    clusters: new ClusterRepository(pool, clusterSecrets),
    clusterSecrets,
    nodes: new NodeRepository(pool),
    operations: new OperationRepository(pool),
    leases: new LeaseRepository(pool),
    audit: new AuditRepository(pool),
    idempotency: new IdempotencyRepository(pool),
    health: new HealthRepository(pool),
    alerts: new AlertRepository(pool),
    alertSources: new AlertSourceRepository(pool),
    remediations: new RemediationRepository(pool),
    benchmarkRuns: new BenchmarkRunRepository(pool),
    campaigns: new CampaignRepository(pool),
  };
}
