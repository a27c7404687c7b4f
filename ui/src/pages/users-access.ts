import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Engine, Team } from '../types';

/**
 * Whether the console may ask for a cluster's users, told before asking (the server would refuse
 * with a 409 for an engine without users and a 403 for another team's cluster): `undefined` while
 * it is being found out, `null` when it may, otherwise why not, in words.
 */
export function useUsersRefusal(cluster: { name: string; engine: string; owner: { name: string } }): string | null | undefined {
  const [refusal, setRefusal] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    Promise.all([api<{ team: Team }>('/api/me'), api<Engine[]>('/api/engines')]).then(
      ([{ team }, engines]) => {
        if (!current) return;
        const engine = engines.find((e) => e.name === cluster.engine);
        if (engine && engine.users === null)
          setRefusal(
            `${engine.displayName} has no users or passwords: any client that reaches its nodes may read and write, so keep them on a private network.`,
          );
        else if (!team.isPlatform && team.name !== cluster.owner.name)
          setRefusal(`Team ${team.name} may not see or change the users of cluster ${cluster.name}: it belongs to another team.`);
        else setRefusal(null);
      },
      // Not known: ask, and let the server's answer say.
      () => current && setRefusal(null),
    );
    return () => {
      current = false;
    };
  }, [cluster.name, cluster.engine, cluster.owner.name]);
  return refusal;
}
