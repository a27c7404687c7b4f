#!/usr/bin/env node
// The `datafleet` command: services/cli/ compiled into one bundle (bin/cli-bundle.js), built on first
// use and again whenever its sources change. Only the commands that run server code on this machine
// (`api`, `worker`, `secrets`, `local-nodes`) load tsx, to run that code from its TypeScript sources.
import { freshCliBundle } from './cli-bundle.js';

let tsxLoaded = false;
async function loadTsx() {
  if (tsxLoaded) return;
  const { register } = await import('tsx/esm/api');
  register();
  tsxLoaded = true;
}

const argv = process.argv.slice(2);
let cli;
try {
  cli = await import(await freshCliBundle());
} catch (error) {
  // A folder it may not write into (a read-only install) still gets a working, slower command.
  process.stderr.write(`datafleet: running from source, the compiled CLI could not be built: ${error.message}\n`);
  await loadTsx();
  cli = await import('../services/cli/main.ts');
}
if (cli.runsServerCode(argv)) await loadTsx();
const code = await cli.runCli(argv);
// Done: exit now rather than when fetch's idle keep-alive connection lets go (about 0.2 s later).
// Output is already written: Node writes stdout and stderr synchronously to files and pipes.
process.exit(code);
