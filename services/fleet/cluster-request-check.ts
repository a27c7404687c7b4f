import type { FleetDeps } from './fleet-deps';
import type { CreateClusterRequest } from './cluster-requests';
import type { Team } from '../core/types';
import { planCluster, type ClusterPlan } from './cluster-planner';
import { validateWindow } from './maintenance-window';
import { assertMayChange, type Actor } from '../core/actor';
import { ProblemList } from '../core/request-problems';

/** A create request before it is sent: the preview takes it without a name yet. */
export type DraftClusterRequest = Omit<CreateClusterRequest, 'name'> & { name?: string };

export const nameTakenProblem = (name: string) => ({ path: 'body/name', message: `a cluster named ${name} already exists`, name });

/**
 * Every problem of a create request in one answer (unknown owner, regions, version, size, a taken
 * name), then the plan. The create and its preview both run this, so a preview that passes is a
 * request the create accepts, with the same spec.
 */
export async function checkCreateRequest(
  ctx: FleetDeps,
  actor: Actor,
  request: DraftClusterRequest,
): Promise<{ owner: Team; plan: ClusterPlan }> {
  const problems = new ProblemList();
  const owner = await ctx.repos.teams.find(request.owner);
  if (owner) assertMayChange(actor, owner.id, `a cluster owned by ${owner.name}`);
  else problems.add({ path: 'body/owner', message: `unknown owner "${request.owner}": give a team name or a team's email` });
  const window = request.maintenanceWindow;
  if (window) await problems.check('body/maintenanceWindow/timeZone', () => validateWindow(window));
  const plan = await planCluster(ctx, request, problems);
  if (request.name !== undefined && (await ctx.repos.clusters.nameTaken(request.name))) problems.conflict(nameTakenProblem(request.name));
  problems.throwIfAny();
  if (!owner || !plan) throw new Error('a create request passed its checks without an owner or a plan');
  return { owner, plan };
}
