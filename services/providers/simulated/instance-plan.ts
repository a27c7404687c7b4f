import type { NodeRequest } from '../provider';
import { between, fakeHost, kernelFor, unitFrom } from './randomness';

const DAY_SECONDS = 86_400;

export interface SimulatorTime {
  seed: number;
  /** Simulated seconds per real second. */
  timeScale: number;
  /** Share of nodes that get a retirement notice some simulated days after launch, like cloud hardware does. */
  retirementRate: number;
}

/** Everything the simulator decides about a new node, derived from the seed and its name alone. */
export interface InstancePlan {
  host: string;
  port: number;
  kernelVersion: string;
  bootSeconds: number;
  launchedAt: Date;
  readyAt: Date;
  /** When the provider announces the node's retirement, and the deadline it gives; null for most nodes. */
  retirement: { noticeAt: Date; deadline: Date } | null;
}

/** Real milliseconds that `simulatedSeconds` take at this time scale. */
export const realMs = (time: Pick<SimulatorTime, 'timeScale'>, simulatedSeconds: number): number =>
  (simulatedSeconds * 1000) / time.timeScale;

const later = (time: SimulatorTime, from: Date, simulatedSeconds: number) => new Date(from.getTime() + realMs(time, simulatedSeconds));

/**
 * The same seed and name always give the same host, kernel, boot time and retirement: a fleet can
 * be rebuilt exactly, and a test can know what it will see. Only the launch moment comes from the clock.
 */
/** `port` is the engine's own (its simulated profile's default port). */
export function planInstance(time: SimulatorTime, request: Pick<NodeRequest, 'name'>, now: Date, port: number): InstancePlan {
  const { seed } = time;
  const { name } = request;
  // 60-180 simulated seconds, like a cloud VM with a datastore image; the spread is the launch jitter.
  const bootSeconds = Math.round(between(seed, 60, 180, name, 'boot'));
  const retires = unitFrom(seed, name, 'retires') < time.retirementRate;
  const noticeAt = later(time, now, between(seed, 2, 30, name, 'notice') * DAY_SECONDS);
  return {
    host: fakeHost(seed, name),
    port,
    kernelVersion: kernelFor(seed, name),
    bootSeconds,
    launchedAt: now,
    readyAt: later(time, now, bootSeconds),
    retirement: retires ? { noticeAt, deadline: later(time, noticeAt, 14 * DAY_SECONDS) } : null,
  };
}

/** How long a reboot (restart) or a start from stopped takes, in simulated seconds. */
export const rebootSeconds = (seed: number, name: string): number => Math.round(between(seed, 20, 45, name, 'reboot'));
export const startSeconds = (seed: number, name: string): number => Math.round(between(seed, 40, 90, name, 'start'));
