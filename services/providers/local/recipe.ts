import type { EngineName } from '../../domain/types';
import type { NodeRequest } from '../provider';
import type { SpawnSpec } from './processes';

export interface PrepareInput {
  /** Where every local node's directory lives; ours to adjust. */
  dataRoot: string;
  /** The node's own directory; the recipe puts configuration and data inside it. */
  dir: string;
  port: number;
  request: NodeRequest;
}

/** How to run one engine as a local process: prepare its directory once, start it, see it answer. */
export interface LocalRecipe {
  readonly engine: EngineName;
  /** The signal for a fast, clean shutdown. */
  readonly stopSignal: NodeJS.Signals;
  /** The installed server's version, or null when it is not installed. */
  installedVersion(): string | null;
  /**
   * Writes configuration and data. Idempotent: a completed directory is left as it is, a half-made
   * one (from a process killed mid-way) is made again.
   */
  prepare(input: PrepareInput): Promise<void>;
  command(dir: string): SpawnSpec;
  /** True once the server answers on its port; needs no password. */
  answers(port: number): Promise<boolean>;
  /**
   * The pid the engine wrote in its own pid file, if any: finds a server whose start was never
   * recorded because the process that started it was killed in between.
   */
  pidFromEngineFiles(dir: string): number | null;
}
