import { describe, expect, it } from 'vitest';
import { waveTiming } from '../../ui/src/pages/campaign-wave-timing';
import type { CampaignCluster, CampaignView } from '../../ui/src/pages/campaign-types';

const now = new Date('2026-03-02T12:00:00Z');
const cluster = (patch: Partial<CampaignCluster>): CampaignCluster => ({
  clusterId: 'c',
  name: 'c',
  environment: 'prod',
  owner: 'team',
  wave: 1,
  status: 'pending',
  plannedStart: '2026-03-02T11:00:00Z',
  startedAt: null,
  finishedAt: null,
  operationId: null,
  fromVersion: '1',
  reason: null,
  ...patch,
});
const wave = (clusters: CampaignCluster[], plannedStart = '2026-03-02T11:00:00Z'): CampaignView['waves'][number] => ({
  index: 1,
  environment: 'prod',
  plannedStart,
  counts: {} as CampaignView['waves'][number]['counts'],
  clusters,
});

describe('when a campaign wave ran, as the console says it', () => {
  it('says a finished wave ran, from its first start to its last end, never "planned"', () => {
    const done = wave([
      cluster({ status: 'passed', startedAt: '2026-03-02T11:05:00Z', finishedAt: '2026-03-02T11:20:00Z' }),
      cluster({ status: 'skipped', reason: 'already on 2' }),
    ]);
    const timing = waveTiming(done, 'completed', now);
    expect(timing.state).toBe('done');
    expect(timing.label).toMatch(/^ran /);
  });

  it('says a wave a stopped campaign never reached was not run, though its plan lies in the past', () => {
    expect(waveTiming(wave([cluster({ status: 'cancelled' })]), 'cancelled', now)).toEqual({ state: 'not-run', label: 'not run' });
    expect(waveTiming(wave([cluster({ status: 'pending' })]), 'halted', now).state).toBe('not-run');
  });

  it('says a running wave started, and a wave to come is planned only while its time is ahead', () => {
    expect(waveTiming(wave([cluster({ status: 'running', startedAt: '2026-03-02T11:30:00Z' })]), 'running', now).state).toBe('running');
    expect(waveTiming(wave([cluster({ plannedStart: '2026-03-02T13:00:00Z' })]), 'running', now).state).toBe('planned');
    expect(waveTiming(wave([cluster({})]), 'running', now)).toEqual({
      state: 'next',
      label: 'waiting for its turn (earlier wave or soak)',
    });
  });
});
