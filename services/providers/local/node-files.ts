import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineName, NodeRole } from '../../domain/types';

/** What the local provider remembers of a node, in <dataRoot>/<name>/node.json. Never a password. */
export interface LocalNodeRecord {
  name: string;
  clusterId: string;
  engine: EngineName;
  role: NodeRole;
  region: string;
  zone: string;
  instanceType: string;
  version: string;
  port: number;
  pid: number | null;
  /** Stopped on purpose (stopNode), as opposed to died. */
  stopped: boolean;
  launchedAt: string;
}

export class NodeFiles {
  constructor(readonly dataRoot: string) {}

  dir(name: string): string {
    return join(this.dataRoot, name);
  }

  read(name: string): LocalNodeRecord | null {
    const file = join(this.dir(name), 'node.json');
    if (!existsSync(file)) return null;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as LocalNodeRecord;
    } catch {
      return null; // half-written by a killed process: treated as not created
    }
  }

  /** Written to a temp file and renamed, so a crash never leaves half a record. */
  write(record: LocalNodeRecord): void {
    mkdirSync(this.dir(record.name), { recursive: true });
    const file = join(this.dir(record.name), 'node.json');
    writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 2));
    renameSync(`${file}.tmp`, file);
  }

  all(): LocalNodeRecord[] {
    if (!existsSync(this.dataRoot)) return [];
    return readdirSync(this.dataRoot)
      .map((name) => this.read(name))
      .filter((r): r is LocalNodeRecord => r !== null);
  }
}
