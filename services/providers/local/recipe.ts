import type { EngineName } from '../../domain/types';
import type { NodeRequest } from '../provider';
import type { SpawnSpec } from './processes';

/** How to run one engine as a local process: prepare its directory once, start it, see it answer. */
export interface LocalRecipe {
  engine: EngineName;
  /** The version of the installed server binary, or null when it is not installed. */
  installedVersion(): string | null;
  /** Writes configuration and data (idempotent: a prepared directory is left as it is). */
  prepare(dir: string, port: number, request: NodeRequest): Promise<void>;
  command(dir: string, logFile: string): SpawnSpec;
  /** True once the server answers on its port (an authentication refusal counts as an answer). */
  answers(port: number): Promise<boolean>;
  /** The signal for a fast, clean shutdown. */
  stopSignal: NodeJS.Signals;
}
