import { parseRoles, serve } from './serve';

// `npm start`: api and worker in one process, unless DATAFLEET_ROLES names one of them.
let roles;
try {
  roles = parseRoles(process.env.DATAFLEET_ROLES ?? 'api,worker');
} catch (error) {
  process.stderr.write(`datafleet: cannot start: DATAFLEET_ROLES: ${(error as Error).message}\n`);
  process.exit(1);
}
await serve(roles);
