import { randomBytes } from 'node:crypto';
import type { Role } from '../../services/app/app';
import type { Config } from '../../services/core/config';
import type { BenchEnvironment } from '../lib/bench-app';
import { startRoleProcess, type RoleProcess } from '../lib/role-processes';

/**
 * How the control plane runs: `apart` as it is scaled out (`datafleet api` and `datafleet worker`,
 * one process each), `together` as `npm start` runs it (one process with both roles).
 */
export type Layout = 'apart' | 'together';

export interface ControlPlaneCpu {
  /** CPU of every process of the control plane, in ms since it started. */
  totalMs: number;
  /** The part spent generating the simulated clusters' workloads (see services/workload/simulated-cpu.ts). */
  simulatedWorkloadMs: number;
  byProcess: Record<string, number>;
}

export interface ControlPlane {
  url: string;
  token: string;
  layout: Layout;
  cpu(): Promise<ControlPlaneCpu>;
  stop(): Promise<void>;
}

/**
 * Starts the control plane under test in processes of its own, on the run's environment: never in
 * the benchmark's process, whose polling and probes would be counted as its CPU. The API process
 * starts first (it migrates the database and writes the secret key the worker then reads).
 */
export async function startControlPlane(
  env: BenchEnvironment,
  layout: Layout,
  config: Partial<Config>,
  /** Niceness of the worker process when apart: on a shared host, the API's requests then come before the worker's batch work. */
  workerNice = 0,
): Promise<ControlPlane> {
  const token = randomBytes(24).toString('hex');
  const shared = { ...env.config, ...config, adminToken: token };
  const groups: Role[][] = layout === 'apart' ? [['api'], ['worker']] : [['api', 'worker']];
  const processes: RoleProcess[] = [];
  const stop = async () => {
    for (const p of [...processes].reverse()) await p.stop();
  };
  try {
    for (const roles of groups) processes.push(await startRoleProcess(roles, shared, { nice: roles.includes('api') ? 0 : workerNice }));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: processes[0]!.url,
    token,
    layout,
    stop,
    cpu: async () => {
      const each = await Promise.all(processes.map(async (p) => ({ name: p.roles.join('+'), ...(await p.cpu()) })));
      return {
        totalMs: each.reduce((n, p) => n + p.cpuMs, 0),
        simulatedWorkloadMs: each.reduce((n, p) => n + p.simulatedWorkloadCpuMs, 0),
        byProcess: Object.fromEntries(each.map((p) => [p.name, p.cpuMs])),
      };
    },
  };
}
