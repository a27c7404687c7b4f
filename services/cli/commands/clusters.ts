import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { CliError } from '../client';
import { keyValues, printJson, table } from '../output';
import type { ClusterView, OperationView } from '../shapes';
import { clusterAfter, waitForOperation } from './wait';

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').filter(Boolean)];

function parseWindow(text: string) {
  const [day, start, duration, timeZone] = text.trim().split(/\s+/);
  if (!day || !start || !duration || !timeZone) throw new CliError('--window takes "DAY HH:MM MINUTES TIME_ZONE", e.g. "sat 02:00 120 Europe/Dublin"', 2);
  return { day, start, durationMinutes: Number(duration), timeZone };
}

export function clustersCommand(ctx: CliContext): Command {
  const cmd = new Command('clusters').description('request, list, inspect and decommission clusters');
  const out = ctx.io.stdout;

  cmd.command('list').description('the fleet inventory')
    .option('--engine <engine>').option('--version <version>').option('--region <region>').option('--environment <env>')
    .option('--owner <team>').option('--status <status>').option('--sort <key>', 'e.g. name, -monthlyCostUsd').option('--limit <n>').option('--offset <n>')
    .action(async (opts: Record<string, string | undefined>, command: Command) => {
      const query = new URLSearchParams(Object.entries(opts).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const page = await clientFor(command, ctx).request<{ items: ClusterView[]; total: number }>('GET', `/api/clusters?${query}`);
      if (wantsJson(command)) return printJson(ctx.io, page);
      out(table(page.items.map((c) => ({
        name: c.name, engine: c.engine, version: c.version, env: c.environment, regions: c.regions.join(','), nodes: c.nodeCount,
        owner: c.owner.name, status: c.status, cost: `$${c.monthlyCostUsd}`, sim: c.simulated ? 'yes' : '',
      })), ['name', 'engine', 'version', 'env', 'regions', 'nodes', 'owner', 'status', 'cost', 'sim']));
      out(`${page.items.length} of ${page.total}\n`);
    });

  cmd.command('create <name>').description('request a cluster; the spec follows best practice')
    .requiredOption('--engine <engine>', 'cassandra | elasticsearch | redis | postgres').requiredOption('--owner <team>', 'team name or email')
    .requiredOption('--size <GB>', 'expected data size in GB').requiredOption('--region <region...>', 'one or more regions', collect)
    .option('--environment <env>', 'test | prod').option('--version <version>').option('--wait', 'wait until ACTIVE or FAILED')
    .action(async (name: string, opts: { engine: string; owner: string; size: string; region: string[]; environment?: string; version?: string; wait?: boolean }, command: Command) => {
      const client = clientFor(command, ctx);
      const body = { name, engine: opts.engine, owner: opts.owner, expectedDataGb: Number(opts.size), regions: opts.region,
        ...(opts.environment ? { environment: opts.environment } : {}), ...(opts.version ? { version: opts.version } : {}) };
      const created = await client.request<{ cluster: ClusterView; operation: OperationView }>('POST', '/api/clusters', body, { 'idempotency-key': randomUUID() });
      if (!opts.wait) return wantsJson(command) ? printJson(ctx.io, created) : out(`${name}: ${created.cluster.status} (operation ${created.operation.id})\n`);
      if (!wantsJson(command)) out(`${name}: provisioning ${created.cluster.engine} ${created.cluster.version}, ${created.cluster.nodesPerRegion * created.cluster.regions.length} nodes\n`);
      await waitForOperation(client, created.operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
      const cluster = await clusterAfter(client, name);
      if (wantsJson(command)) printJson(ctx.io, cluster);
      else out(`${name}: ${cluster.status}${cluster.statusReason ? ` — ${cluster.statusReason}` : ''}\n`);
      if (cluster.status !== 'ACTIVE') throw new CliError(`${name} is ${cluster.status}`);
    });

  cmd.command('get <name>').description('one cluster with its nodes').action(async (name: string, _opts: unknown, command: Command) => {
    const c = await clusterAfter(clientFor(command, ctx), name);
    if (wantsJson(command)) return printJson(ctx.io, c);
    const w = c.maintenanceWindow;
    out(keyValues([
      ['name', c.name], ['engine', `${c.engine} ${c.version}`], ['environment', c.environment], ['regions', c.regions.join(', ')],
      ['owner', c.owner.name], ['status', c.statusReason ? `${c.status} (${c.statusReason})` : c.status], ['instance type', c.instanceType],
      ['monthly cost', `$${c.monthlyCostUsd}`], ['sla', `p99 read ${c.sla.p99ReadMs} ms, write ${c.sla.p99WriteMs} ms, ${c.sla.availability}%`],
      ['window', w ? `${w.day} ${w.start} for ${w.durationMinutes} min (${w.timeZone})` : null], ['connection', c.connection], ['simulated', c.simulated],
    ]));
    out(`\n${table((c.nodes ?? []).map((n) => ({ ...n, endpoint: n.host ? `${n.host}:${n.port}` : null })), ['name', 'role', 'zone', 'endpoint', 'state', 'softwareVersion', 'launchedAt'])}`);
  });

  cmd.command('update <name>').description('change owner, SLA or maintenance window')
    .option('--owner <team>').option('--sla-p99-read-ms <ms>').option('--sla-p99-write-ms <ms>').option('--availability <percent>')
    .option('--window <spec>', '"DAY HH:MM MINUTES TIME_ZONE", or "none"')
    .action(async (name: string, opts: Record<string, string | undefined>, command: Command) => {
      const client = clientFor(command, ctx);
      const patch: Record<string, unknown> = {};
      if (opts.owner) patch.owner = opts.owner;
      if (opts.slaP99ReadMs || opts.slaP99WriteMs || opts.availability) {
        const current = await clusterAfter(client, name);
        patch.sla = { p99ReadMs: Number(opts.slaP99ReadMs ?? current.sla.p99ReadMs), p99WriteMs: Number(opts.slaP99WriteMs ?? current.sla.p99WriteMs),
          availability: Number(opts.availability ?? current.sla.availability) };
      }
      if (opts.window) patch.maintenanceWindow = opts.window === 'none' ? null : parseWindow(opts.window);
      if (Object.keys(patch).length === 0) throw new CliError('nothing to update: give --owner, --sla-*, --availability or --window', 2);
      const updated = await client.request<ClusterView>('PATCH', `/api/clusters/${encodeURIComponent(name)}`, patch);
      if (wantsJson(command)) printJson(ctx.io, updated);
      else out(`${name} updated\n`);
    });

  cmd.command('delete <name>').description('decommission: destroy the nodes, keep the record')
    .option('--reason <text>').option('--wait', 'wait until DECOMMISSIONED')
    .action(async (name: string, opts: { reason?: string; wait?: boolean }, command: Command) => {
      const client = clientFor(command, ctx);
      const result = await client.request<{ operation: OperationView }>('DELETE', `/api/clusters/${encodeURIComponent(name)}`, opts.reason ? { reason: opts.reason } : {});
      if (!opts.wait) return wantsJson(command) ? printJson(ctx.io, result) : out(`${name}: decommission requested (operation ${result.operation.id})\n`);
      await waitForOperation(client, result.operation.id, (l) => !wantsJson(command) && out(`${l}\n`));
      const cluster = await clusterAfter(client, name);
      if (wantsJson(command)) printJson(ctx.io, cluster);
      else out(`${name}: ${cluster.status}\n`);
      if (cluster.status !== 'DECOMMISSIONED') throw new CliError(`${name} is ${cluster.status}`);
    });
  return cmd;
}
