import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { writeSteadily, type WritePace } from './write-loop';

/*
 * The steady write load of bench:failover, in a process of its own: one Sentinel-aware client (as
 * an application would connect, from the cluster's connection details) writes `bench:w:<seq>` one
 * after another, about every `pauseMs`, until `stopFile` appears. It reports which writes were
 * acknowledged and every gap between two acknowledged writes longer than `gapMs`.
 */
interface Plan extends WritePace {
  sentinels: { host: string; port: number }[];
  masterName: string;
  password: string;
}

const plan = JSON.parse(readFileSync(0, 'utf8')) as Plan;
const client = new Redis({
  sentinels: plan.sentinels,
  name: plan.masterName,
  password: plan.password,
  sentinelPassword: plan.password,
  commandTimeout: 1000,
  maxRetriesPerRequest: 0,
  retryStrategy: () => 100,
  sentinelRetryStrategy: () => 100,
});
client.on('error', () => undefined);

const report = await writeSteadily(plan, (seq) => client.set(`bench:w:${seq}`, String(seq)));
client.disconnect();
process.stdout.write(JSON.stringify(report));
