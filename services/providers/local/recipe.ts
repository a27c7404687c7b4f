import type { EngineName } from '../../core/types';
import type { NodeRequest } from '../provider';
import type { SpawnSpec } from './processes';
import type { NodeSettings } from './node-settings';

export interface PrepareInput {
  /** Where every local node's directory lives; ours to adjust. */
  dataRoot: string;
  /** The node's own directory; the recipe puts configuration and data inside it. */
  dir: string;
  port: number;
  request: NodeRequest;
  /** The version the node runs: one of versions(). */
  version: string;
}

/** How to run one engine as a local process: prepare its directory once, start it, see it answer. */
export interface LocalRecipe {
  readonly engine: EngineName;
  /** The signal for a fast, clean shutdown. */
  readonly stopSignal: NodeJS.Signals;
  /** The installed server's version new nodes get by default, or null when it is not installed. */
  installedVersion(): string | null;
  /** Every version a node may run here (the default among them); empty when none is installed. */
  versions(): string[];
  /** Why a node cannot move from one version to another in place (a restart on other binaries), or null. */
  versionChangeProblem(from: string, to: string): string | null;
  /** Why these settings cannot be applied, or null. */
  settingsProblem(settings: NodeSettings): string | null;
  /** Writes the node's changeNode settings (all of them, replacing the previous ones) into its configuration. */
  applySettings(dir: string, settings: NodeSettings): void;
  /**
   * Writes configuration and data. Idempotent: a completed directory is left as it is, a half-made
   * one (from a process killed mid-way) is made again.
   */
  prepare(input: PrepareInput): Promise<void>;
  /** How to start the node's server on the binaries of `version`. */
  command(dir: string, version: string): SpawnSpec;
  /** True once the server answers on its port; needs no password. */
  answers(port: number): Promise<boolean>;
  /**
   * The pid the engine wrote in its own pid file, if any: finds a server whose start was never
   * recorded because the process that started it was killed in between.
   */
  pidFromEngineFiles(dir: string): number | null;
}
