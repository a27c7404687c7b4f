import { describe, expect, it } from 'vitest';
import {
  campaignHalts,
  planCampaign,
  startWithinWindow,
  type CampaignCluster,
  type CampaignPlanInput,
} from '../../services/campaigns/campaign-plan';
import { testEngines } from '../helpers/engines';

let counter = 0;
const cluster = (name: string, over: Partial<CampaignCluster> = {}): CampaignCluster => ({
  id: `id-${name}-${counter++}`,
  name,
  engine: 'cassandra',
  environment: 'prod',
  sla: { p99ReadMs: 20, availability: 99.9 },
  window: null,
  version: '4.1.5',
  instanceType: 'm5.xlarge',
  regions: ['us-east-1'],
  owner: 'payments',
  ...over,
});

// Wednesday 2026-11-18 12:00 UTC.
const now = new Date('2026-11-18T12:00:00Z');
const base = (clusters: CampaignCluster[], over: Partial<CampaignPlanInput> = {}): CampaignPlanInput => ({
  clusters,
  target: { engine: 'cassandra', toVersion: '4.1.6' },
  waves: { testFirst: true, prodWaveSize: 2 },
  inFlight: 10,
  soakMinutes: 60,
  now,
  upgradeMinutes: 30,
  upgradePaths: (engine, from) => testEngines.get(engine).catalog.upgradePaths(from),
  ...over,
});
const saturdayDublin = { day: 'sat', start: '02:00', durationMinutes: 120, timeZone: 'Europe/Dublin' } as const;

describe('campaign planning', () => {
  it('upgrades test clusters first, then prod from the least to the most critical SLA', () => {
    const plan = planCampaign(
      base([
        cluster('prod-critical', { sla: { p99ReadMs: 5, availability: 99.99 } }),
        cluster('prod-relaxed', { sla: { p99ReadMs: 50, availability: 99.0 } }),
        cluster('staging', { environment: 'test', sla: { p99ReadMs: 5, availability: 99.99 } }),
        cluster('prod-tight-p99', { sla: { p99ReadMs: 5, availability: 99.9 } }),
        cluster('prod-loose-p99', { sla: { p99ReadMs: 40, availability: 99.9 } }),
      ]),
    );
    expect(plan.waves.map((w) => [w.environment, w.clusters.map((c) => c.name)])).toEqual([
      ['test', ['staging']],
      ['prod', ['prod-relaxed', 'prod-loose-p99']],
      ['prod', ['prod-tight-p99', 'prod-critical']],
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('skips clusters it cannot upgrade, with the reason, and leaves out clusters outside the campaign', () => {
    const plan = planCampaign(
      base(
        [
          cluster('old', { version: '3.11.17' }),
          cluster('done', { version: '4.1.6' }),
          cluster('cache', { engine: 'redis', version: '7.2.4' }),
          cluster('elsewhere', { regions: ['eu-west-1'] }),
          cluster('other-team', { owner: 'search' }),
          cluster('ok', { tags: { tier: 'gold' } }),
        ],
        { selector: { regions: ['us-east-1'], owners: ['payments'] } },
      ),
    );
    expect(plan.waves.flatMap((w) => w.clusters.map((c) => c.name))).toEqual(['ok']);
    expect(plan.skipped.map((s) => [s.name, s.reason])).toEqual([
      ['old', 'no upgrade path from 3.11.17 to 4.1.6 (it can go to 4.0.13, 4.0.14)'],
      ['done', 'already on 4.1.6'],
    ]);
    const tagged = planCampaign(base([cluster('a', { tags: { tier: 'gold' } }), cluster('b')], { selector: { tags: { tier: 'gold' } } }));
    expect(tagged.waves.flatMap((w) => w.clusters.map((c) => c.name))).toEqual(['a']);
    const fromOnly = planCampaign(
      base([cluster('a', { version: '4.0.14' }), cluster('b')], {
        target: { engine: 'cassandra', fromVersion: '4.1.5', toVersion: '4.1.6' },
      }),
    );
    expect(fromOnly.skipped).toEqual([expect.objectContaining({ name: 'a', reason: 'on 4.0.14; this campaign upgrades 4.1.5' })]);
  });

  it('starts each cluster in its maintenance window, and waves after the soak time', () => {
    const plan = planCampaign(base([cluster('staging', { environment: 'test' }), cluster('windowed', { window: saturdayDublin })]));
    const [testWave, prodWave] = plan.waves;
    expect(testWave!.clusters[0]).toMatchObject({ earliestStart: now.toISOString(), plannedEnd: '2026-11-18T12:30:00.000Z' });
    expect(prodWave!.start).toBe('2026-11-18T13:30:00.000Z'); // 30 min upgrade + 60 min soak
    expect(prodWave!.clusters[0]).toMatchObject({ earliestStart: '2026-11-21T02:00:00.000Z', plannedStart: '2026-11-21T02:00:00.000Z' });
    expect(plan.estimatedEnd).toBe('2026-11-21T02:30:00.000Z');
  });

  it('keeps at most inFlight clusters upgrading at once, without letting a far window hold a slot', () => {
    const plan = planCampaign(
      base([cluster('a', { window: saturdayDublin }), cluster('b'), cluster('c'), cluster('d')], {
        waves: { testFirst: true, prodWaveSize: 10 },
        inFlight: 2,
      }),
    );
    const byName = Object.fromEntries(plan.waves[0]!.clusters.map((c) => [c.name, c]));
    expect(byName.b!.plannedStart).toBe('2026-11-18T12:00:00.000Z');
    expect(byName.c!.plannedStart).toBe('2026-11-18T12:00:00.000Z');
    expect(byName.d!.plannedStart).toBe('2026-11-18T12:30:00.000Z');
    expect(byName.a!.plannedStart).toBe('2026-11-21T02:00:00.000Z');
  });

  it('does not start an upgrade in an open window too short to finish it', () => {
    // Saturday 03:45 Dublin: the window closes at 04:00, a 30-minute upgrade waits a week.
    expect(startWithinWindow(saturdayDublin, new Date('2026-11-21T03:45:00Z'), 30).toISOString()).toBe('2026-11-28T02:00:00.000Z');
    expect(startWithinWindow(saturdayDublin, new Date('2026-11-21T03:00:00Z'), 30).toISOString()).toBe('2026-11-21T03:00:00.000Z');
  });

  it('returns an empty plan ending now when nothing qualifies, and refuses nonsense', () => {
    expect(planCampaign(base([]))).toEqual({ waves: [], estimatedEnd: now.toISOString(), skipped: [] });
    expect(() => planCampaign(base([], { inFlight: 0 }))).toThrow(/inFlight/);
    expect(() => planCampaign(base([], { waves: { testFirst: true, prodWaveSize: 0 } }))).toThrow(/prodWaveSize/);
  });
});

describe('campaign failure budget', () => {
  it('halts only once failures exceed the budget, counting rollbacks as failures', () => {
    const results = [
      { name: 'a', outcome: 'succeeded' as const },
      { name: 'b', outcome: 'rolled_back' as const },
      { name: 'c', outcome: 'running' as const },
    ];
    expect(campaignHalts(results, 1)).toEqual({ halt: false, failures: 1, failureBudget: 1, reason: null });
    const halted = campaignHalts([...results, { name: 'd', outcome: 'failed' }], 1);
    expect(halted.halt).toBe(true);
    expect(halted.reason).toBe('2 cluster upgrade(s) failed (b, d), over the failure budget of 1');
    expect(campaignHalts([{ outcome: 'failed' }], 0).halt).toBe(true);
    expect(() => campaignHalts([], -1)).toThrow(/failureBudget/);
  });
});
