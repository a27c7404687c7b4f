import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalProvider } from '../../services/providers/local/local-provider';
import { systemClock } from '../../services/core/clock';
import { newSecret } from '../../services/core/ids';
import type { EngineName } from '../../services/core/types';
import type { ProviderNode } from '../../services/providers/provider';
import { createEngineRegistry } from '../../services/engines/registry';
import { onCleanup } from '../lib/cleanup';

export interface BenchNode {
  engine: EngineName;
  host: string;
  port: number;
  version: string;
  username: string;
  password: string;
}

/**
 * Real redis-server and postgres processes on free loopback ports, made the way the `local` region
 * makes a cluster's nodes (same recipes: configuration, password, user to run as), in a temporary
 * directory that is removed afterwards.
 */
export class LocalBenchNodes {
  private readonly dataRoot = mkdtempSync(join(tmpdir(), 'datafleet-bench-runner-'));
  private readonly provider = new LocalProvider({
    dataRoot: this.dataRoot,
    clock: systemClock,
    startWaitMs: 60_000,
    engines: createEngineRegistry(),
  });
  private readonly made: ProviderNode[] = [];
  /** Also run on SIGINT/SIGTERM: the processes are detached and would outlive the benchmark. */
  private readonly removeAll = onCleanup(async () => {
    for (const node of this.made) await this.provider.destroyNode(node.providerId).catch((e: unknown) => console.error(e));
    await this.provider.close();
    rmSync(this.dataRoot, { recursive: true, force: true });
  });

  /** Starts a server; `name` tells apart several of one engine (each its own directory); servers that replicate share a `password`. */
  async start(engine: EngineName, name = `bench-runner-${engine}`, password = newSecret(12)): Promise<BenchNode> {
    const version = (await this.provider.availableVersions(engine))?.[0];
    if (!version) throw new Error(`this machine cannot run a local ${engine} server`);
    const node = await this.provider.createNode({
      name,
      clusterId: crypto.randomUUID(),
      clusterName: 'bench-runner',
      engine,
      version,
      instanceType: 'local',
      region: 'local',
      zone: 'local-a',
      role: 'primary',
      password,
      settings: {},
      dataGb: 1,
    });
    this.made.push(node);
    if (node.state !== 'running') throw new Error(`local ${engine} node did not start (state ${node.state})`);
    return { engine, host: node.host, port: node.port, version, username: engine === 'redis' ? 'default' : 'datafleet', password };
  }

  stop(): Promise<void> {
    return this.removeAll();
  }
}
