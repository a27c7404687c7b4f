import { Command } from 'commander';
import type { CliContext } from '../context';

// Placeholder until implemented: a command with no subcommands.
export function maintenanceCommand(_ctx: CliContext): Command {
  return new Command('maintenance').description('proactive maintenance: upcoming node replacements and the oldest nodes');
}
