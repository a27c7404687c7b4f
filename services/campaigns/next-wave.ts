import type { Campaign, CampaignClusterRow } from './types';
import { FinishedClusterStatuses } from './types';

/**
 * Where a running campaign stands between waves:
 * - `stay`: the current wave still has clusters to finish;
 * - `soak`: the current wave is done and the soak runs until `until` (`begins`: the soak was not
 *   recorded yet, this pass starts it);
 * - `advance`: the soak is over, the campaign moves to wave `wave`;
 * - `complete`: every wave is done.
 */
export type WaveStep =
  | { kind: 'stay'; wave: number }
  | { kind: 'soak'; until: Date; begins: boolean }
  | { kind: 'advance'; wave: number }
  | { kind: 'complete' };

type WaveState = Pick<Campaign, 'currentWave' | 'soakUntil' | 'soakMinutes'>;
type WaveRow = Pick<CampaignClusterRow, 'wave' | 'status' | 'finishedAt'>;

const finished = (r: WaveRow) => FinishedClusterStatuses.includes(r.status);

/**
 * The campaign's next step between waves, from its rows alone (no I/O): the tick driver applies it.
 * Only which statuses each wave holds and its latest finish matter, so `rows` may be one per
 * cluster or one per wave and status carrying the latest finish (the driver passes the latter).
 */
export function nextWave(c: WaveState, rows: WaveRow[], now: Date): WaveStep {
  const waveRows = rows.filter((r) => r.wave === c.currentWave);
  if (!waveRows.every(finished)) return { kind: 'stay', wave: c.currentWave };
  const next = rows.filter((r) => r.wave > c.currentWave).reduce<number | null>((m, r) => (m === null || r.wave < m ? r.wave : m), null);
  if (next === null) return { kind: 'complete' };
  // The soak runs from the moment the wave's last cluster finished.
  const lastFinish = Math.max(0, ...waveRows.map((r) => r.finishedAt?.getTime() ?? 0)) || now.getTime();
  const until = c.soakUntil ?? new Date(lastFinish + c.soakMinutes * 60_000);
  if (until > now) return { kind: 'soak', until, begins: !c.soakUntil };
  return { kind: 'advance', wave: next };
}
