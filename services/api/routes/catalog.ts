import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import type { CoreContext } from '../../app/context';
import { errorResponses } from '../schemas/common';
import { isSimulated } from '../../providers/capabilities';
import { versionChoices } from '../../fleet/version-choices';

/** What can be asked for: regions (and which engines each can run), engines and instance types. */
export async function catalogRoutes(app: Api, opts: { ctx: CoreContext }): Promise<void> {
  const { ctx } = opts;
  app.get('/api/regions', { schema: { tags: ['catalog'], response: { 200: Type.Array(Type.Unknown()), ...errorResponses } } }, async () =>
    Promise.all(
      [...ctx.regions.regions.values()].map(async (r) => {
        const provider = ctx.providers.forRegion(r.name);
        const engines = ctx.engines.names().filter((e) => provider.supportsEngine(e));
        // Per engine, the versions the region runs and the one a request without a version gets.
        const versions = Object.fromEntries(
          await Promise.all(engines.map(async (e) => [e, await versionChoices(ctx, r.name, e)] as const)),
        );
        return {
          name: r.name,
          provider: r.provider,
          simulated: isSimulated(provider),
          zones: r.zones,
          description: r.description ?? null,
          engines,
          versions,
          kernels: provider.kernelVersions(),
          capabilities: [...provider.capabilities],
        };
      }),
    ),
  );
  app.get('/api/engines', { schema: { tags: ['catalog'], response: { 200: Type.Array(Type.Unknown()), ...errorResponses } } }, async () =>
    ctx.engines.all().map((e) => ({
      name: e.name,
      displayName: e.displayName,
      recommended: e.catalog.recommended,
      // What a user's scope names, or null: the engine has no users (memcached).
      users: e.users ? { scope: e.users.scopeMeaning, rotation: e.users.rotation } : null,
      versions: e.catalog.versions.map((v) => ({ ...v, upgradesTo: e.catalog.upgradePaths(v.version) })),
      // What a backup is for the engine and its default policy, or why there is nothing to back up.
      backup: e.backup,
      // Whether a create may set synchronousReplication (the engine's HA manager can hold commits for a replica).
      synchronousReplication: e.failover?.synchronousReplication === true,
    })),
  );
  app.get(
    '/api/instance-types',
    { schema: { tags: ['catalog'], response: { 200: Type.Array(Type.Unknown()), ...errorResponses } } },
    async () => [...ctx.regions.instanceTypes.values()],
  );
}
