import { when } from '../format';
import type { CampaignView, ClusterStatus } from './campaign-types';

type Wave = CampaignView['waves'][number];
const finished: readonly ClusterStatus[] = ['passed', 'rolled_back', 'failed', 'skipped', 'cancelled'];
const stopped = ['completed', 'halted', 'cancelled'];
const earliest = (times: Array<string | null>) => times.filter((t): t is string => Boolean(t)).sort()[0] ?? null;
const latest = (times: Array<string | null>) =>
  times
    .filter((t): t is string => Boolean(t))
    .sort()
    .at(-1) ?? null;

/**
 * When a wave ran, from its clusters as they stand: finished (when the last one ended), running
 * (since the first one started), or still to come (its clusters' planned starts). The plan's start
 * is only a forecast: a finished or stopped campaign never shows a wave as "planned" in the past.
 */
export function waveTiming(wave: Wave, campaignStatus: string, now: Date = new Date()): { state: string; label: string } {
  const clusters = wave.clusters;
  const started = earliest(clusters.map((c) => c.startedAt));
  if (clusters.length > 0 && clusters.every((c) => finished.includes(c.status))) {
    const ended = latest(clusters.map((c) => c.finishedAt));
    return ended ? { state: 'done', label: `ran ${when(started ?? ended)} – ${when(ended)}` } : { state: 'not-run', label: 'not run' };
  }
  if (started) return { state: 'running', label: `started ${when(started)}` };
  if (stopped.includes(campaignStatus)) return { state: 'not-run', label: `not run (campaign ${campaignStatus})` };
  const next = earliest(clusters.filter((c) => !finished.includes(c.status)).map((c) => c.plannedStart)) ?? wave.plannedStart;
  if (!next || new Date(next) <= now)
    return {
      state: 'next',
      label: campaignStatus === 'paused' ? 'waiting: campaign paused' : 'waiting for its turn (earlier wave or soak)',
    };
  return { state: 'planned', label: `planned ${when(next)}` };
}
