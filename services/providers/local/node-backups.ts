import type { EngineName } from '../../core/types';
import type { BackupArtifact, LocalBackups, LocalRecipe } from '../../core/engine-port';
import type { NodeBackupRequest, NodeRestoreRequest } from '../provider';
import { UnprocessableError } from '../../core/errors';
import type { LocalNodeRecord, NodeFiles } from './node-files';
import type { NodeProcesses } from './node-processes';

export interface NodeBackupsDeps {
  dataRoot: string;
  backupRoot: string;
  files: NodeFiles;
  recipes: ReadonlyMap<EngineName, LocalRecipe>;
  processes: NodeProcesses;
  mustRead(name: string): LocalNodeRecord;
  locked<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** The local provider's backups: each engine's recipe backs a node up, expires, and restores one in place. */
export class LocalNodeBackups {
  constructor(private readonly deps: NodeBackupsDeps) {}

  backsUpEngine(engine: EngineName): boolean {
    return this.deps.recipes.get(engine)?.backups !== undefined;
  }

  /** Outside the node's lock: a long backup must not hold up a restart. */
  async backUp(providerId: string, request: NodeBackupRequest): Promise<BackupArtifact | 'busy'> {
    const record = this.deps.mustRead(providerId);
    return this.backupsOf(record).backUp({
      backupRoot: this.deps.backupRoot,
      dir: this.deps.files.dir(record.name),
      port: record.port,
      clusterId: record.clusterId,
      kind: request.kind,
      tag: request.tag,
      password: request.password,
    });
  }

  async expire(providerId: string, keepFull: number): Promise<string[]> {
    const record = this.deps.mustRead(providerId);
    return this.backupsOf(record).expire({
      backupRoot: this.deps.backupRoot,
      dir: this.deps.files.dir(record.name),
      port: record.port,
      clusterId: record.clusterId,
      keepFull,
    });
  }

  /**
   * Under the node's lock: stop its server, make its data again in its own directory (the recipe's
   * restoreInPlace: from the backup, or following its primary), start it on the same port with its
   * own configuration. Repeating it (a retry after a crash) makes the data again from the start.
   */
  async restoreInPlace(providerId: string, request: NodeRestoreRequest): Promise<void> {
    await this.deps.locked(providerId, async () => {
      const record = this.deps.mustRead(providerId);
      const recipe = this.deps.recipes.get(record.engine);
      if (!recipe?.restoreInPlace)
        throw new UnprocessableError(`a local ${record.engine} node cannot be restored in place`, { engine: record.engine });
      await this.deps.processes.stop(record);
      const primary = record.role === 'replica' ? (request.primary ?? record.primary ?? undefined) : undefined;
      await recipe.restoreInPlace({
        dataRoot: this.deps.dataRoot,
        backupRoot: this.deps.backupRoot,
        dir: this.deps.files.dir(record.name),
        port: record.port,
        version: record.version,
        request: {
          name: record.name,
          role: record.role,
          password: request.password,
          clusterId: record.clusterId,
          ...(primary ? { primary } : {}),
          ...(record.role !== 'replica' ? { restoreFrom: request.source } : {}),
        },
      });
      recipe.applySettings(this.deps.files.dir(record.name), record.settings ?? {});
      await this.deps.processes.ensureStarted(this.deps.mustRead(providerId));
    });
  }

  private backupsOf(record: LocalNodeRecord): LocalBackups {
    const backups = this.deps.recipes.get(record.engine)?.backups;
    if (!backups) throw new UnprocessableError(`local ${record.engine} nodes have no backup method`, { engine: record.engine });
    return backups;
  }
}
