import { Command } from 'commander';
import type { CliContext } from '../context';

// Placeholder until implemented: a command with no subcommands.
export function capacityCommand(_ctx: CliContext): Command {
  return new Command('capacity').description('capacity forecasts, what-if headroom and clusters at risk');
}
