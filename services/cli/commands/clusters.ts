import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { CliError } from '../client';
import { keyValues, printJson, table, toCell } from '../output';
import { collectList, parseWindow, positiveNumber, wholeNumber, type WindowSpec } from '../parse';
import type { ClusterView, OperationView } from '../shapes';
import { CLUSTER_STATUSES, ENVIRONMENTS, SORT_KEYS, oneOf } from '../closed-sets';
import { UsageProblems, checkClusterChoice, fetchCatalogs } from '../request-checks';
import { clusterAfter, waitForOperation } from './wait';
import { clusterHealthText } from './health-text';
import { addTransferCommands } from './transfers';
import { addAdoptCommand } from './cluster-adopt';
import { addConnectCommand } from './cluster-connect';
import { addDatabaseUserCommands } from './database-users';
import { addRestoreCommand } from './cluster-restore';
import { addScaleCommands } from './cluster-scale';
import { addStorageCommands } from './cluster-storage';
import { addSwitchoverCommands } from './cluster-switchover';

const INVENTORY_COLUMNS = ['name', 'engine', 'version', 'env', 'regions', 'nodes', 'owner', 'status', 'health', 'cost', 'sim'];

function inventoryRow(c: ClusterView) {
  return {
    name: c.name,
    engine: c.engine,
    version: c.version,
    env: c.environment,
    regions: c.regions.join(','),
    nodes: c.nodeCount,
    owner: c.owner.name,
    status: c.status,
    health: clusterHealthText(c.health),
    cost: `$${c.monthlyCostUsd}`,
    sim: c.simulated ? 'yes' : '',
  };
}

interface UpdateOptions {
  owner?: string;
  slaP99ReadMs?: number;
  slaP99WriteMs?: number;
  availability?: number;
  window?: WindowSpec | null;
}

export function clustersCommand(ctx: CliContext): Command {
  const cmd = new Command('clusters').description('request, list, inspect and decommission clusters');
  const out = ctx.io.stdout;

  cmd
    .command('list')
    .description('the fleet inventory')
    .option('--engine <engine>', 'only this engine')
    .option('--version <version>', 'only this version')
    .option('--region <region>', 'only clusters in this region')
    .addOption(oneOf('--environment <env>', 'only this environment', ENVIRONMENTS))
    .option('--owner <team>', 'only clusters of this team')
    .addOption(oneOf('--status <status>', 'only clusters in this status', CLUSTER_STATUSES))
    .option('--q <text>', 'free-text search')
    .addOption(oneOf('--sort <key>', 'sort by this (- first for descending)', [...SORT_KEYS, ...SORT_KEYS.map((k) => `-${k}`)]))
    .option('--limit <n>', 'at most 500', wholeNumber)
    .option('--offset <n>', 'skip this many', wholeNumber)
    .option('--cursor <cursor>', 'continue after the page that printed it (same sort and filters)')
    .option('--fields <a,b>', 'show only these fields, e.g. name,version,oldestNodeAgeDays', collectList)
    .action(async (opts: Record<string, string | number | string[] | undefined>, command: Command) => {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(opts))
        if (value !== undefined) query.set(key, Array.isArray(value) ? value.join(',') : String(value));
      const page = await clientFor(command, ctx).request<{
        items: Array<Partial<ClusterView>>;
        total: number;
        totalCapped: boolean;
        nextCursor: string | null;
      }>('GET', `/api/clusters?${query}`);
      if (wantsJson(command)) return printJson(ctx.io, page);
      const fields = Array.isArray(opts.fields) && opts.fields.length > 0 ? opts.fields : null;
      out(
        fields
          ? table(
              page.items.map((c) => Object.fromEntries(fields.map((f) => [f, toCell((c as Record<string, unknown>)[f])]))),
              fields,
            )
          : table((page.items as ClusterView[]).map(inventoryRow), INVENTORY_COLUMNS),
      );
      // A capped total is a lower bound: the server stopped counting there.
      out(`${page.items.length} of ${page.total}${page.totalCapped ? '+' : ''}\n`);
      if (page.nextCursor) out(`next page: --cursor ${page.nextCursor}\n`);
    });

  cmd
    .command('create <name>')
    .description('request a cluster; the spec follows best practice')
    .requiredOption('--engine <engine>', 'an engine the server offers (GET /api/engines; an unknown one is refused with the list)')
    .requiredOption('--owner <team>', 'team name or email')
    .requiredOption('--size <GB>', 'expected data size in GB', positiveNumber)
    .requiredOption('--region <region...>', 'one or more regions', collectList)
    .option('--environment <env>', ENVIRONMENTS.join(' | '))
    .option('--version <version>', "one of the engine's versions (default: its recommended one)")
    .option('--synchronous', 'every commit waits until a replica holds it (PostgreSQL under Patroni, two nodes or more)')
    .option('--wait', 'wait until ACTIVE or FAILED')
    .action(
      async (
        name: string,
        opts: {
          engine: string;
          owner: string;
          size: number;
          region: string[];
          environment?: string;
          version?: string;
          synchronous?: boolean;
          wait?: boolean;
        },
        command: Command,
      ) => {
        const client = clientFor(command, ctx);
        const problems = new UsageProblems();
        checkClusterChoice(
          problems,
          await fetchCatalogs(client),
          { name, ...opts, regions: opts.region, versions: { '--version': opts.version } },
          'creates',
        );
        problems.throwIfAny();
        const body = {
          name,
          engine: opts.engine,
          owner: opts.owner,
          expectedDataGb: opts.size,
          regions: opts.region,
          ...(opts.environment ? { environment: opts.environment } : {}),
          ...(opts.version ? { version: opts.version } : {}),
          ...(opts.synchronous ? { synchronousReplication: true } : {}),
        };
        const created = await client.request<{ cluster: ClusterView; operation: OperationView }>('POST', '/api/clusters', body, {
          'idempotency-key': randomUUID(),
        });
        if (!opts.wait)
          return wantsJson(command)
            ? printJson(ctx.io, created)
            : out(`${name}: ${created.cluster.status} (operation ${created.operation.id})\n`);
        if (!wantsJson(command))
          out(
            `${name}: provisioning ${created.cluster.engine} ${created.cluster.version}, ${created.cluster.nodesPerRegion * created.cluster.regions.length} nodes\n`,
          );
        await waitForOperation(client, created.operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
        const cluster = await clusterAfter(client, name);
        if (wantsJson(command)) printJson(ctx.io, cluster);
        else out(`${name}: ${cluster.status}${cluster.statusReason ? ` — ${cluster.statusReason}` : ''}\n`);
        if (cluster.status !== 'ACTIVE') throw new CliError(`${name} is ${cluster.status}`);
      },
    );

  cmd
    .command('get <name>')
    .description('one cluster with its nodes')
    .action(async (name: string, _opts: unknown, command: Command) => {
      const c = await clusterAfter(clientFor(command, ctx), name);
      if (wantsJson(command)) return printJson(ctx.io, c);
      const w = c.maintenanceWindow;
      out(
        keyValues([
          ['name', c.name],
          ['engine', `${c.engine} ${c.version}`],
          ['environment', c.environment],
          ['regions', c.regions.join(', ')],
          ['owner', c.owner.name],
          ['status', c.statusReason ? `${c.status} (${c.statusReason})` : c.status],
          ['health', clusterHealthText(c.health)],
          ['instance type', c.instanceType],
          ['replication', c.synchronousReplication ? 'synchronous' : null],
          ['monthly cost', `$${c.monthlyCostUsd}`],
          ['sla', `p99 read ${c.sla.p99ReadMs} ms, write ${c.sla.p99WriteMs} ms, ${c.sla.availability}%`],
          ['window', w ? `${w.day} ${w.start} for ${w.durationMinutes} min (${w.timeZone})` : null],
          ['connection', c.connection],
          [
            'restored from',
            c.origin ? `${c.origin.clusterName} (backup ${c.origin.backupId}${c.origin.to ? `, as of ${c.origin.to}` : ''})` : null,
          ],
          ['simulated', c.simulated],
        ]),
      );
      // `state` is what to believe (lifecycle, or observed health when a running node is not healthy); `why` its cause.
      const nodes = c.nodes.map((n) => ({
        name: n.name,
        role: n.role,
        zone: n.zone,
        endpoint: n.host ? `${n.host}:${n.port}` : null,
        state: n.displayState,
        health: n.health.score === null ? n.health.state : `${n.health.state} (${n.health.score})`,
        version: n.softwareVersion,
        launched: n.launchedAt,
        why: n.displayReason,
      }));
      out(`\n${table(nodes, ['name', 'role', 'zone', 'endpoint', 'state', 'health', 'version', 'launched', 'why'])}`);
    });

  cmd
    .command('update <name>')
    .description('change owner, SLA or maintenance window')
    .option('--owner <team>', 'give the cluster to this team (platform team only; a team offers it with transfer)')
    .option('--sla-p99-read-ms <ms>', 'read latency target', positiveNumber)
    .option('--sla-p99-write-ms <ms>', 'write latency target', positiveNumber)
    .option('--availability <percent>', 'e.g. 99.95', positiveNumber)
    .option('--window <spec>', '"DAY HH:MM MINUTES TIME_ZONE", or "none"', parseWindow)
    .action(async (name: string, opts: UpdateOptions, command: Command) => {
      const client = clientFor(command, ctx);
      const patch: Record<string, unknown> = {};
      if (opts.owner) patch.owner = opts.owner;
      if (opts.slaP99ReadMs !== undefined || opts.slaP99WriteMs !== undefined || opts.availability !== undefined) {
        // The API replaces the whole SLA, so unchanged targets are carried over from the current one.
        const current = await clusterAfter(client, name);
        patch.sla = {
          p99ReadMs: opts.slaP99ReadMs ?? current.sla.p99ReadMs,
          p99WriteMs: opts.slaP99WriteMs ?? current.sla.p99WriteMs,
          availability: opts.availability ?? current.sla.availability,
        };
      }
      if (opts.window !== undefined) patch.maintenanceWindow = opts.window;
      if (Object.keys(patch).length === 0) throw new CliError('nothing to update: give --owner, --sla-*, --availability or --window', 2);
      const updated = await client.request<ClusterView>('PATCH', `/api/clusters/${encodeURIComponent(name)}`, patch);
      if (wantsJson(command)) printJson(ctx.io, updated);
      else out(`${name} updated\n`);
    });

  cmd
    .command('delete <name>')
    .description('decommission: destroy the nodes, keep the record')
    .option('--reason <text>', 'why, for the audit trail')
    .option('--wait', 'wait until DECOMMISSIONED')
    .action(async (name: string, opts: { reason?: string; wait?: boolean }, command: Command) => {
      const client = clientFor(command, ctx);
      const result = await client.request<{ operation: OperationView }>(
        'DELETE',
        `/api/clusters/${encodeURIComponent(name)}`,
        opts.reason ? { reason: opts.reason } : {},
      );
      if (!opts.wait)
        return wantsJson(command) ? printJson(ctx.io, result) : out(`${name}: decommission requested (operation ${result.operation.id})\n`);
      await waitForOperation(client, result.operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
      const cluster = await clusterAfter(client, name);
      if (wantsJson(command)) printJson(ctx.io, cluster);
      else out(`${name}: ${cluster.status}\n`);
      if (cluster.status !== 'DECOMMISSIONED') throw new CliError(`${name} is ${cluster.status}`);
    });
  addTransferCommands(cmd, ctx);
  addAdoptCommand(cmd, ctx);
  addConnectCommand(cmd, ctx);
  addDatabaseUserCommands(cmd, ctx);
  addRestoreCommand(cmd, ctx);
  addScaleCommands(cmd, ctx);
  addStorageCommands(cmd, ctx);
  addSwitchoverCommands(cmd, ctx);
  return cmd;
}
