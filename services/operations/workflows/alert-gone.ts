import type { StepRun } from '../workflow';

/**
 * Whether the alert a playbook's operation answers has gone by the time the operation runs, asked
 * again with the platform's own evidence (the same look that confirmed it at intake): a remediation
 * held for the maintenance window, or queued behind other work on the cluster, may come to a
 * problem that is over (the data deleted, the load passed, the node back). Returns what was seen,
 * or null to go on: an operation no alert started, an alert not in `only`, one the platform cannot
 * check, or a look that saw nothing (no fresh figures) all go on, as the alert was confirmed when
 * it came.
 */
export async function alertGone(run: StepRun, only?: readonly string[]): Promise<string | null> {
  const params = run.op.params as { alertId?: string; node?: string | null };
  if (!params.alertId) return null;
  const name = await run.ctx.repos.remediations.alertNameFor(run.op.id);
  if (!name || (only && !only.includes(name))) return null;
  const now = await run.ctx.conditions.check(run.cluster, { name, node: params.node ?? null });
  if (!now || now.verdict === 'confirmed' || now.unseen) return null;
  return `${name} no longer holds (${now.detail})`;
}
