import type { NodeChange, ProviderEventType } from '../provider';
import { InputError } from '../../core/errors';
import { SIMULATED_KERNELS } from './randomness';
import { rebootSeconds, realMs, startSeconds, type SimulatorTime } from './instance-plan';
import type { SimInstanceRow } from './rows';
import { assertChangeNamesSomething } from '../node-change';

/** What one action does to a simulated node: columns to set, events to record, future events to drop. */
export interface Change {
  set?: Partial<SimInstanceRow>;
  events?: Array<{ type: ProviderEventType; at: Date; detail: string; deadline?: Date }>;
  dropFuture?: ProviderEventType;
}

const isDown = (row: SimInstanceRow, now: Date) => row.stopped || (row.retirement_at !== null && row.retirement_at <= now);

/**
 * Starting a stopped (or retired) node boots it on healthy hardware, as a cloud's stop/start does:
 * a pending retirement and a crash are gone once it is up. Starting a node that is up does nothing.
 */
export function startChange(time: SimulatorTime, row: SimInstanceRow, now: Date): Change {
  if (!isDown(row, now)) return {};
  const readyAt = new Date(now.getTime() + realMs(time, startSeconds(time.seed, row.name)));
  const crashed = row.failure === 'crash';
  return {
    set: { stopped: false, ready_at: readyAt, retirement_at: null, ...(crashed ? { failure: null, failed_at: null } : {}) },
    dropFuture: 'retirement_scheduled',
    events: crashed ? [{ type: 'node_recovered', at: readyAt, detail: 'started on healthy hardware after a crash' }] : [],
  };
}

/**
 * A reboot: the node is 'pending' for a simulated reboot time, then runs; a crash is cleared and its
 * recovery is reported when the reboot completes. A stopped or retired node is started instead.
 */
export function restartChange(time: SimulatorTime, row: SimInstanceRow, now: Date): Change {
  if (isDown(row, now)) return startChange(time, row, now);
  const readyAt = new Date(now.getTime() + realMs(time, rebootSeconds(time.seed, row.name)));
  if (row.failure !== 'crash') return { set: { ready_at: readyAt } };
  return {
    set: { ready_at: readyAt, failure: null, failed_at: null },
    events: [{ type: 'node_recovered', at: readyAt, detail: 'rebooted after a crash' }],
  };
}

/**
 * An in-place change of a node (provider changeNode): a new instance type is a stop and start on
 * other hardware (a start's boot time; a pending retirement and a crash are left behind); a new
 * version or kernel is a reboot. A node that already has the change and is not down is left alone.
 */
export function nodeChange(
  time: SimulatorTime,
  row: SimInstanceRow,
  now: Date,
  change: { version?: string; instanceType?: string; kernelVersion?: string },
): Change {
  const set: Partial<SimInstanceRow> = {};
  if (change.version !== undefined && change.version !== row.version) set.version = change.version;
  if (change.kernelVersion !== undefined && change.kernelVersion !== row.kernel_version) set.kernel_version = change.kernelVersion;
  if (change.instanceType !== undefined && change.instanceType !== row.instance_type) set.instance_type = change.instanceType;
  if (Object.keys(set).length === 0 && !isDown(row, now)) return {};
  if (set.instance_type !== undefined || isDown(row, now)) {
    const started = startChange(time, { ...row, stopped: true }, now);
    return { ...started, set: { ...started.set, ...set } };
  }
  const rebooted = restartChange(time, row, now);
  return { ...rebooted, set: { ...rebooted.set, ...set } };
}

/** Refuses (InputError) a change that names nothing, or a version, kernel or instance type the simulated cloud does not have. */
export function checkChange(change: NodeChange, types: ReadonlyMap<string, unknown>): void {
  assertChangeNamesSomething(change);
  for (const [field, value] of Object.entries({
    version: change.version,
    kernelVersion: change.kernelVersion,
    instanceType: change.instanceType,
  })) {
    if (value !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/.test(value))
      throw new InputError(`${field} "${value}" is not a valid name`, { [field]: value });
  }
  if (change.kernelVersion !== undefined && !(SIMULATED_KERNELS as readonly string[]).includes(change.kernelVersion)) {
    throw new InputError(`kernel ${change.kernelVersion} is not offered by the simulated cloud`, {
      kernelVersion: change.kernelVersion,
      kernels: SIMULATED_KERNELS,
    });
  }
  if (change.instanceType !== undefined && types.size > 0 && !types.has(change.instanceType)) {
    throw new InputError(`instance type ${change.instanceType} does not exist in the simulated cloud`, {
      instanceType: change.instanceType,
      instanceTypes: [...types.keys()],
    });
  }
}
