import { Command } from 'commander';
import { clientFor, wantsJson, type CliContext } from '../context';
import { keyValues, printJson, table } from '../output';
import { collectList, positiveNumber, wholeNumber } from '../parse';
import type { ApiClient } from '../client';
import { UsageProblems, checkClusterChoice, fetchCatalogs } from '../request-checks';

interface Progress {
  total: number;
  upgraded: number;
  percent: number;
}
interface CampaignSummary {
  id: string;
  name: string;
  engine: string;
  fromVersion: string | null;
  toVersion: string | null;
  toInstanceType: string | null;
  status: string;
  createdAt: string;
  haltedReason: string | null;
  counts?: Record<string, number>;
}
interface CampaignView {
  campaign: CampaignSummary & { inFlight: number; soakMinutes: number; failureBudget: number; currentWave: number };
  progress: { test: Progress; prod: Progress };
  eta: string | null;
  waves: Array<{ index: number; environment: string; counts: Record<string, number>; clusters: Array<{ name: string; status: string }> }>;
  failures: Array<{ name: string; status: string; reason: string | null }>;
}
interface PlanView {
  summary: { clusters: number; test: number; prod: number; waves: number; skipped: number; estimatedEnd: string };
  waves: Array<{ index: number; environment: string; start: string; clusters: Array<{ name: string; plannedStart: string }> }>;
  skipped: Array<{ name: string; reason: string }>;
}
interface CampaignOptions {
  engine: string;
  to?: string;
  toInstanceType?: string;
  from?: string;
  region?: string[];
  owner?: string[];
  tag?: string[];
  waveSize?: number;
  inFlight?: number;
  soak?: number;
  failureBudget?: number;
  upgradeMinutes?: number;
  benchmarkSeconds?: number;
}

function bodyOf(name: string, o: CampaignOptions) {
  const tags = Object.fromEntries((o.tag ?? []).map((t) => [t.split('=')[0] ?? t, t.split('=').slice(1).join('=')]));
  const selector = { ...(o.region ? { regions: o.region } : {}), ...(o.owner ? { owners: o.owner } : {}), ...(o.tag ? { tags } : {}) };
  return {
    name,
    engine: o.engine,
    ...(o.to ? { toVersion: o.to } : {}),
    ...(o.toInstanceType ? { toInstanceType: o.toInstanceType } : {}),
    ...(o.from ? { fromVersion: o.from } : {}),
    ...(Object.keys(selector).length ? { selector } : {}),
    ...(o.waveSize !== undefined ? { prodWaveSize: o.waveSize } : {}),
    ...(o.inFlight !== undefined ? { inFlight: o.inFlight } : {}),
    ...(o.soak !== undefined ? { soakMinutes: o.soak } : {}),
    ...(o.failureBudget !== undefined ? { failureBudget: o.failureBudget } : {}),
    ...(o.upgradeMinutes !== undefined ? { upgradeMinutes: o.upgradeMinutes } : {}),
    ...(o.benchmarkSeconds !== undefined ? { benchmarkSeconds: o.benchmarkSeconds } : {}),
  };
}

/** The request body, once the engine, regions and versions are known to the server's catalogs. */
async function checkedBody(client: ApiClient, name: string, opts: CampaignOptions) {
  const problems = new UsageProblems();
  const choice = { engine: opts.engine, regions: opts.region ?? [], versions: { '--from': opts.from, '--to': opts.to } };
  checkClusterChoice(problems, await fetchCatalogs(client), choice, 'selects');
  problems.throwIfAny();
  return bodyOf(name, opts);
}

const withCampaignOptions = (c: Command) =>
  c
    .requiredOption('--engine <engine>', 'an engine the server offers (GET /api/engines; an unknown one is refused with the list)')
    .option('--to <version>', 'target version (this, --to-instance-type, or both)')
    .option('--to-instance-type <type>', 'target instance type (GET /api/regions; an unknown one is refused with the list)')
    .option('--from <version>', 'only clusters on this version')
    .option('--region <r...>', 'only these regions', collectList)
    .option('--owner <team...>', 'only these owner teams', collectList)
    .option('--tag <k=v...>', 'only clusters with these tags', collectList)
    .option('--wave-size <n>', 'prod clusters per wave (default 10)', positiveNumber)
    .option('--in-flight <n>', 'clusters upgrading at once (default 5)', positiveNumber)
    .option('--soak <minutes>', 'wait between waves (default 30)', wholeNumber)
    .option('--failure-budget <n>', 'failures tolerated (default 0)', wholeNumber)
    .option('--upgrade-minutes <m>', "planning estimate of one cluster's upgrade", positiveNumber)
    .option('--benchmark-seconds <s>', "each upgrade's before/after workload length", positiveNumber);

/** "5.0.2", "r5.2xlarge" or "5.0.2 on r5.2xlarge". */
const targetOf = (c: CampaignSummary) => [c.toVersion, c.toInstanceType].filter(Boolean).join(' on ');
const pct = (p: Progress) => `${p.percent}% (${p.upgraded}/${p.total})`;

export function campaignsCommand(ctx: CliContext): Command {
  const cmd = new Command('campaigns').description('fleet upgrade campaigns: waves of benchmark-gated upgrades');
  const out = ctx.io.stdout;
  const show = (command: Command, v: CampaignView) => {
    if (wantsJson(command)) return printJson(ctx.io, v);
    const c = v.campaign;
    out(
      keyValues([
        ['id', c.id],
        ['name', c.name],
        ['target', `${c.engine} ${c.fromVersion ?? '*'} → ${targetOf(c)}`],
        ['status', c.haltedReason ? `${c.status} (${c.haltedReason})` : c.status],
        ['wave', c.currentWave],
        ['test upgraded', pct(v.progress.test)],
        ['prod upgraded', pct(v.progress.prod)],
        ['eta', v.eta],
      ]),
    );
    out(
      `\n${table(
        v.waves.map((w) => ({ wave: w.index, env: w.environment, clusters: w.clusters.length, ...w.counts })),
        ['wave', 'env', 'clusters', 'pending', 'scheduled', 'running', 'passed', 'rolled_back', 'failed', 'skipped', 'cancelled'],
      )}`,
    );
    if (v.failures.length)
      out(
        `\nfailures:\n${table(
          v.failures.map((f) => ({ ...f })),
          ['name', 'status', 'reason'],
        )}`,
      );
  };

  withCampaignOptions(cmd.command('plan <name>').description('dry run: which cluster in which wave, and when (nothing is stored)')).action(
    async (name: string, opts: CampaignOptions, command: Command) => {
      const client = clientFor(command, ctx);
      const plan = await client.request<PlanView>('POST', '/api/campaigns/plan', await checkedBody(client, name, opts));
      if (wantsJson(command)) return printJson(ctx.io, plan);
      out(
        table(
          plan.waves.flatMap((w) => w.clusters.map((c) => ({ wave: w.index, env: w.environment, cluster: c.name, start: c.plannedStart }))),
          ['wave', 'env', 'cluster', 'start'],
        ),
      );
      out(
        `${plan.summary.clusters} clusters (${plan.summary.test} test, ${plan.summary.prod} prod) in ${plan.summary.waves} waves; estimated end ${plan.summary.estimatedEnd}; ${plan.summary.skipped} skipped\n`,
      );
      for (const s of plan.skipped) out(`  skipped ${s.name}: ${s.reason}\n`);
    },
  );

  withCampaignOptions(cmd.command('create <name>').description('create and start a campaign')).action(
    async (name: string, opts: CampaignOptions, command: Command) => {
      const client = clientFor(command, ctx);
      show(command, await client.request<CampaignView>('POST', '/api/campaigns', await checkedBody(client, name, opts)));
    },
  );

  cmd
    .command('list')
    .description('every campaign: status, wave, percent of test and prod upgraded')
    .action(async (_opts: unknown, command: Command) => {
      const list = await clientFor(command, ctx).request<CampaignSummary[]>('GET', '/api/campaigns');
      if (wantsJson(command)) return printJson(ctx.io, list);
      out(
        table(
          list.map((c) => ({
            id: c.id,
            name: c.name,
            target: `${c.engine} → ${targetOf(c)}`,
            status: c.status,
            passed: c.counts?.passed ?? 0,
            failed: (c.counts?.failed ?? 0) + (c.counts?.rolled_back ?? 0),
            created: c.createdAt,
          })),
          ['id', 'name', 'target', 'status', 'passed', 'failed', 'created'],
        ),
      );
    });

  cmd
    .command('get <id>')
    .description('one campaign: progress, ETA, per-wave counts and failures')
    .action(async (id: string, _opts: unknown, command: Command) =>
      show(command, await clientFor(command, ctx).request<CampaignView>('GET', `/api/campaigns/${encodeURIComponent(id)}`)),
    );

  const actions = {
    pause: 'stop starting upgrades until resumed (those in flight finish)',
    resume: 'carry on with the next wave',
    cancel: 'end the campaign: upgrades in flight finish, nothing more starts',
  } as const;
  for (const [action, description] of Object.entries(actions)) {
    cmd
      .command(`${action} <id>`)
      .description(description)
      .option('--reason <text>', 'why, for the audit trail')
      .action(async (id: string, opts: { reason?: string }, command: Command) =>
        show(
          command,
          await clientFor(command, ctx).request<CampaignView>(
            'POST',
            `/api/campaigns/${encodeURIComponent(id)}/${action}`,
            opts.reason ? { reason: opts.reason } : {},
          ),
        ),
      );
  }
  return cmd;
}
