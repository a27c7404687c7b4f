import type { ClusterNode } from '../../../core/types';

/**
 * The node a backup reads: PostgreSQL's primary (pgBackRest backs up the server that archives);
 * for engines that snapshot a node's own files, a running replica when there is one, so the
 * primary does not pay for the fork, else the primary or a member.
 */
export function backupNode(engine: string, nodes: readonly ClusterNode[]): ClusterNode | null {
  const running = nodes.filter((n) => n.state === 'running' && n.providerId);
  const primary = running.find((n) => n.role === 'primary');
  if (engine === 'postgres') return primary ?? null;
  return running.find((n) => n.role === 'replica') ?? primary ?? running[0] ?? null;
}
