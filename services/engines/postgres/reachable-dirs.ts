import { chmodSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunAs } from '../engine';

function canTraverse(path: string, user: NonNullable<RunAs>): boolean {
  const { mode, uid, gid } = statSync(path);
  if (uid === user.uid) return (mode & 0o100) !== 0;
  if (gid === user.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/**
 * Lets the given OS user reach into `dir`. PostgreSQL runs as the `postgres` user when we are root,
 * and a data root under a private temp or home directory would hide its data from it. Only
 * `ownDirs` (the data root and the directory holding it, which are ours) are opened with o+x
 * (traverse, not list); any other blocking ancestor is reported rather than changed.
 */
export function makeReachableBy(dir: string, user: NonNullable<RunAs>, ownDirs: readonly string[] = []): void {
  const own = new Set(ownDirs.map((d) => resolve(d)));
  for (let path = dirname(resolve(dir)); ; path = dirname(path)) {
    if (!canTraverse(path, user)) {
      if (!own.has(path)) {
        throw new Error(
          `PostgreSQL runs as uid ${user.uid}, which cannot enter ${path}; choose a data directory it can reach (e.g. under /var/lib or /tmp)`,
        );
      }
      chmodSync(path, statSync(path).mode | 0o001);
    }
    if (path === dirname(path)) return;
  }
}
