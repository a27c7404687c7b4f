/**
 * One Datafleet process of a benchmark run (`datafleet api` or `datafleet worker`, as production
 * runs them apart), started by `role-processes.ts`:
 *   node --import tsx benchmarks/lib/role-process.ts
 * The first line on stdin is `{ roles, config }` (on stdin: the configuration holds the admin
 * token); it answers `{ ready, url }` once started. Then each line is a request answered with one
 * JSON line: `cpu` (this process's CPU time, and the part of it spent generating simulated
 * workloads) and `stop`.
 */
import { createInterface } from 'node:readline';
import { startDatafleet, type Role, type RunningDatafleet } from '../../services/app/app';
import type { Config } from '../../services/core/config';
import { simulatedWorkloadCpuMs } from '../../services/workload/simulated-cpu';

export interface RoleCpu {
  cpuMs: number;
  simulatedWorkloadCpuMs: number;
}

const reply = (message: unknown) => new Promise<void>((done) => process.stdout.write(`${JSON.stringify(message)}\n`, () => done()));
let running: RunningDatafleet | null = null;

for await (const line of createInterface({ input: process.stdin })) {
  if (!running) {
    const { roles, config } = JSON.parse(line) as { roles: Role[]; config: Partial<Config> };
    running = await startDatafleet({ roles, config });
    await reply({ ready: true, url: running.url });
  } else if (line === 'cpu') {
    const used = process.cpuUsage();
    await reply({ cpuMs: (used.user + used.system) / 1000, simulatedWorkloadCpuMs: simulatedWorkloadCpuMs() } satisfies RoleCpu);
  } else if (line === 'stop') {
    await running.stop();
    await reply({ stopped: true });
    process.exit(0);
  }
}
