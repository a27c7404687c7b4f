import { statfs } from 'node:fs/promises';
import type { ProbeResult } from '../engines/engine';
import type { NodeSnapshot } from './snapshot';

type Usage = Pick<
  NodeSnapshot,
  'diskUsedGb' | 'diskTotalGb' | 'memoryUsedGb' | 'memoryTotalGb' | 'readsPerSecond' | 'writesPerSecond' | 'p99Ms'
>;

const bytesPerGb = 1024 ** 3;
const loopback = new Set(['127.0.0.1', 'localhost', '::1']);
/** A disk's size changes only when someone resizes it: reading it once a minute is plenty. */
const FILESYSTEM_TTL_MS = 60_000;

const numeric = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const gb = (bytes: number | undefined): number | undefined => (bytes === undefined ? undefined : bytes / bytesPerGb);

/** Per second since the previous reading; a counter that went back (a restart, a Redis save) counts from zero. */
export function ratePerSecond(previous: { at: number; value: number } | undefined, at: number, value: number): number | undefined {
  if (!previous || at <= previous.at) return undefined;
  const delta = value >= previous.value ? value - previous.value : value;
  return delta / ((at - previous.at) / 1000);
}

/**
 * What each local node used and served, from its probe: memory and disk in GB, and reads and
 * writes per second from the cumulative counters the engine keeps (this remembers each node's last
 * reading). The size of the disk under a PostgreSQL data directory is read (statfs) only when the
 * node runs on this machine, and at most once a minute per directory.
 */
export class UsageReader {
  private readonly counters = new Map<string, { reads?: { at: number; value: number }; writes?: { at: number; value: number } }>();
  private readonly filesystems = new Map<string, { at: number; gb: number | undefined }>();

  async usage(nodeId: string, host: string, at: number, probe: ProbeResult): Promise<Usage> {
    if (!probe.up) return {};
    const d = probe.details;
    const memoryUsedGb = gb(numeric(d.used_memory));
    const maxmemory = numeric(d.maxmemory);
    const diskTotalGb =
      typeof d.data_directory === 'string' && loopback.has(host) ? await this.filesystemGb(d.data_directory, at) : undefined;
    const usage: Usage = {
      ...(memoryUsedGb !== undefined ? { memoryUsedGb } : {}),
      ...(maxmemory !== undefined && maxmemory > 0 ? { memoryTotalGb: maxmemory / bytesPerGb } : {}),
      ...(numeric(d.disk_used_bytes) !== undefined ? { diskUsedGb: gb(numeric(d.disk_used_bytes)) } : {}),
      ...(diskTotalGb !== undefined ? { diskTotalGb } : {}),
      p99Ms: probe.latencyMs,
    };
    const last = this.counters.get(nodeId) ?? {};
    const reads = numeric(d.reads_total);
    const writes = numeric(d.writes_total);
    const readsPerSecond = reads === undefined ? undefined : ratePerSecond(last.reads, at, reads);
    const writesPerSecond = writes === undefined ? undefined : ratePerSecond(last.writes, at, writes);
    if (readsPerSecond !== undefined) usage.readsPerSecond = readsPerSecond;
    if (writesPerSecond !== undefined) usage.writesPerSecond = writesPerSecond;
    this.counters.set(nodeId, {
      ...(reads !== undefined ? { reads: { at, value: reads } } : {}),
      ...(writes !== undefined ? { writes: { at, value: writes } } : {}),
    });
    return usage;
  }

  private async filesystemGb(path: string, now: number): Promise<number | undefined> {
    const cached = this.filesystems.get(path);
    if (cached && now - cached.at < FILESYSTEM_TTL_MS) return cached.gb;
    const size = await statfs(path).then(
      (s) => (s.blocks * s.bsize) / bytesPerGb,
      () => undefined,
    );
    this.filesystems.set(path, { at: now, gb: size });
    return size;
  }
}
