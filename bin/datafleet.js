#!/usr/bin/env node
// The `datafleet` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../services/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
