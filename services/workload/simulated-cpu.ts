/**
 * CPU time this process has spent generating simulated workloads: the virtual runs against
 * simulated nodes and the tallies of their results. A real cluster's load comes from client calls
 * its own servers answer; a simulated cluster's is drawn here, in the control plane's process, so
 * this is CPU the control plane's figure includes that a real fleet's would not. Only synchronous
 * stretches are metered (process CPU over a stretch that yields to nothing else is that stretch's).
 */
let spentMicros = 0;

export function simulatedWorkloadCpuMs(): number {
  return spentMicros / 1000;
}

/** Runs a synchronous piece of simulated workload and adds the CPU it took to the meter. */
export function meterSimulatedWork<T>(work: () => T): T {
  const before = process.cpuUsage();
  try {
    return work();
  } finally {
    const used = process.cpuUsage(before);
    spentMicros += used.user + used.system;
  }
}
