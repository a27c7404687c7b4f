import type { Pool } from '../pool';
import { AlertRepository } from './alerts';
import { AuditRepository } from './audit';
import { BenchmarkRunRepository } from './benchmark-runs';
import { CampaignRepository } from './campaigns';
import { RemediationRepository } from './remediations';
import { HealthRepository } from './health';
import { ClusterRepository } from './clusters';
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
  nodes: NodeRepository;
  operations: OperationRepository;
  leases: LeaseRepository;
  audit: AuditRepository;
  idempotency: IdempotencyRepository;
  health: HealthRepository;
  alerts: AlertRepository;
  remediations: RemediationRepository;
  benchmarkRuns: BenchmarkRunRepository;
  campaigns: CampaignRepository;
}

export function createRepositories(pool: Pool): Repositories {
  return {
    teams: new TeamRepository(pool),
    tokens: new TokenRepository(pool),
    clusters: new ClusterRepository(pool),
    nodes: new NodeRepository(pool),
    operations: new OperationRepository(pool),
    leases: new LeaseRepository(pool),
    audit: new AuditRepository(pool),
    idempotency: new IdempotencyRepository(pool),
    health: new HealthRepository(pool),
    alerts: new AlertRepository(pool),
    remediations: new RemediationRepository(pool),
    benchmarkRuns: new BenchmarkRunRepository(pool),
    campaigns: new CampaignRepository(pool),
  };
}
