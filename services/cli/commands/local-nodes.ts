import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { wantsJson, type CliContext } from '../context';
import { printJson, table } from '../output';

interface Opts {
  dataDir?: string;
}

/**
 * `datafleet local-nodes list|stop|start`: the real engine processes of the `local` region.
 * They run detached and outlive the control plane, as a real cluster outlives its control plane,
 * so stopping `npm start` leaves them serving; these commands act on them directly (no API needed).
 */
export function localNodesCommand(ctx: CliContext): Command {
  const cmd = new Command('local-nodes').description('processes of the local region under a data directory (they outlive npm start)');
  const provider = async (opts: Opts) => {
    const { localNodesProvider } = await import('../../app/local-nodes');
    const dataDir = resolve(ctx.cwd, opts.dataDir ?? ctx.env.DATAFLEET_DATA_DIR ?? '.datafleet');
    return localNodesProvider(join(dataDir, 'local-nodes'));
  };
  const dataDirOption = ['--data-dir <dir>', 'data directory (env DATAFLEET_DATA_DIR, default .datafleet)'] as const;
  const show = async (command: Command, opts: Opts) => {
    const nodes = await (await provider(opts)).listNodes();
    if (wantsJson(command)) return printJson(ctx.io, nodes);
    ctx.io.stdout(
      table(
        nodes.map((n) => ({ node: n.name, engine: n.engine, version: n.softwareVersion, port: n.port, state: n.state })),
        ['node', 'engine', 'version', 'port', 'state'],
      ),
    );
  };

  cmd
    .command('list')
    .description("the local region's engine processes: node, engine, version, port, state")
    .option(...dataDirOption)
    .action(async (opts: Opts, command: Command) => show(command, opts));

  cmd
    .command('stop')
    .description('stop every local node process (recorded as stopped on purpose; data kept)')
    .option(...dataDirOption)
    .action(async (opts: Opts, command: Command) => {
      const local = await provider(opts);
      for (const node of await local.listNodes()) if (node.state !== 'stopped') await local.stopNode(node.providerId);
      await show(command, opts);
    });

  cmd
    .command('start')
    .description('start again every local node that is not running')
    .option(...dataDirOption)
    .action(async (opts: Opts, command: Command) => {
      const local = await provider(opts);
      for (const node of await local.listNodes())
        if (node.state === 'stopped' || node.state === 'failed') await local.startNode(node.providerId);
      await show(command, opts);
    });
  return cmd;
}
