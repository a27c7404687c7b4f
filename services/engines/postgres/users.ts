import type { Credentials, DatabaseUserChange, DatabaseUserSpec, DatabaseUsers, NodeEndpoint } from '../engine';
import { UserChangeRefused } from '../../core/engine-port';
import { findPrimary } from '../probing';
import type pg from 'pg';
import { closeQuietly, openPostgres } from './connection';
import { scramVerifier } from './scram';

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** One statement and the database it runs in; `unless` skips it when that query returns a row. */
interface Statement {
  database: string;
  sql: string;
  unless?: string;
}

const ADMIN_DB = 'postgres';
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const postgresLogin = (name: string, generation: number): string => `${name}_v${generation}`;

const ifRoleExists = (role: string, sql: string): string =>
  `DO $$BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(role)}) THEN ${sql}; END IF; END$$`;
const createRole = (role: string, options: string): string =>
  `DO $$BEGIN CREATE ROLE ${ident(role)} ${options}; EXCEPTION WHEN duplicate_object THEN NULL; END$$`;

/** The group role holds the grants; readwrite owns its databases (created when absent), readonly reads them. */
function grants(user: DatabaseUserSpec): Statement[] {
  const g = ident(user.name);
  const statements: Statement[] = [{ database: ADMIN_DB, sql: createRole(user.name, 'NOLOGIN') }];
  for (const db of user.scope) {
    if (user.access === 'readwrite') {
      statements.push(
        {
          database: ADMIN_DB,
          sql: `CREATE DATABASE ${ident(db)} OWNER ${g}`,
          unless: `SELECT 1 FROM pg_database WHERE datname = ${literal(db)}`,
        },
        {
          // A database has one owner: taking it from another application's user would lock that one out.
          database: ADMIN_DB,
          sql:
            `DO $$DECLARE owner text; BEGIN SELECT pg_get_userbyid(datdba) INTO owner FROM pg_database WHERE datname = ${literal(db)}; ` +
            `IF owner NOT IN (${literal(user.name)}, current_user) THEN RAISE EXCEPTION 'database ${db} belongs to %: a readwrite user owns its databases alone; ` +
            `give this user readonly access or another database', owner; END IF; ` +
            `ALTER DATABASE ${ident(db)} OWNER TO ${g}; END$$`,
        },
      );
    } else {
      statements.push(
        { database: ADMIN_DB, sql: `GRANT CONNECT ON DATABASE ${ident(db)} TO ${g}` },
        { database: db, sql: `GRANT USAGE ON SCHEMA public TO ${g}` },
        { database: db, sql: `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${g}` },
        {
          // Tables the database's owner creates later are readable too.
          database: db,
          sql:
            `DO $$BEGIN EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT SELECT ON TABLES TO %I', ` +
            `(SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()), ${literal(user.name)}); END$$`,
        },
      );
    }
  }
  return statements;
}

/** Ends the login's sessions and removes it: its password stops working at once. */
function dropLogin(login: string): Statement[] {
  return [
    { database: ADMIN_DB, sql: `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ${literal(login)}` },
    { database: ADMIN_DB, sql: `DROP ROLE IF EXISTS ${ident(login)}` },
  ];
}

function statements(change: DatabaseUserChange, verifier: string): Statement[] {
  const { user } = change;
  switch (change.kind) {
    case 'add-password': {
      const login = postgresLogin(user.name, change.generation);
      // Each session of the login acts as the group role, so what it creates belongs to the group
      // and outlives the login when its password is rotated away.
      const out: Statement[] = [
        ...grants(user),
        { database: ADMIN_DB, sql: createRole(login, 'LOGIN') },
        { database: ADMIN_DB, sql: `ALTER ROLE ${ident(login)} WITH LOGIN PASSWORD ${literal(verifier)} VALID UNTIL 'infinity'` },
        { database: ADMIN_DB, sql: `GRANT ${ident(user.name)} TO ${ident(login)}` },
        { database: ADMIN_DB, sql: `ALTER ROLE ${ident(login)} SET role TO ${literal(user.name)}` },
      ];
      if (change.previous) {
        // PostgreSQL itself refuses the previous login from then on, even if the control plane is down.
        const previous = postgresLogin(user.name, change.previous.generation);
        out.push({
          database: ADMIN_DB,
          sql: ifRoleExists(previous, `ALTER ROLE ${ident(previous)} VALID UNTIL ${literal(change.previous.validUntil.toISOString())}`),
        });
      }
      return out;
    }
    case 'remove-password':
      return dropLogin(postgresLogin(user.name, change.generation));
    case 'drop':
      return [
        ...change.generations.flatMap((g) => dropLogin(postgresLogin(user.name, g))),
        // The data stays: what the group owned goes to the control plane's admin.
        ...user.scope.flatMap((db) => [
          { database: db, sql: ifRoleExists(user.name, `REASSIGN OWNED BY ${ident(user.name)} TO CURRENT_USER`) },
          { database: db, sql: ifRoleExists(user.name, `DROP OWNED BY ${ident(user.name)}`) },
        ]),
        { database: ADMIN_DB, sql: `DROP ROLE IF EXISTS ${ident(user.name)}` },
      ];
  }
}

/**
 * PostgreSQL roles: a NOLOGIN group role per user holds the grants, and each password generation is
 * a login role in it (`<name>_v<n>`), so a rotation adds a login while the previous one keeps
 * working until its VALID UNTIL. Roles replicate, so changes go to the primary only.
 */
export function postgresUsers(timeoutMs: number): DatabaseUsers {
  return {
    rotation: 'logins',
    scopeMeaning: 'databases: readwrite owns each (created when absent), readonly reads every table of its public schema',
    scopeProblem: (entry) => (DATABASE_NAME.test(entry) ? null : `"${entry}" is not a database name (lower-case letters, digits and _)`),
    loginName: postgresLogin,
    describe: (change) => statements(change, '***').map((s) => (s.database === ADMIN_DB ? s.sql : `[${s.database}] ${s.sql}`)),
    async apply(nodes: NodeEndpoint[], admin: Credentials, change: DatabaseUserChange): Promise<void> {
      const primary = findPrimary('postgres', nodes);
      const steps = statements(change, change.kind === 'add-password' ? scramVerifier(change.password) : '');
      const clients = new Map<string, pg.Client>();
      const clientFor = async (database: string): Promise<pg.Client> => {
        const open = clients.get(database) ?? (await openPostgres(primary, admin, timeoutMs, database));
        clients.set(database, open);
        return open;
      };
      try {
        const control = await clientFor(ADMIN_DB);
        const databases = new Set((await control.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((r) => r.datname));
        for (const step of steps) {
          // A repeated drop finds a database already gone: nothing is left in it to revoke.
          if (change.kind === 'drop' && step.database !== ADMIN_DB && !databases.has(step.database)) continue;
          const client = await clientFor(step.database);
          if (step.unless && (await client.query(step.unless)).rowCount) continue;
          await client.query(step.sql).catch((error: unknown) => {
            // Our own refusal (RAISE), or a database that does not exist: repeating the step cannot help.
            const code = (error as { code?: string }).code;
            throw code === 'P0001' || code === '3D000' ? new UserChangeRefused((error as Error).message) : error;
          });
        }
      } finally {
        for (const client of clients.values()) closeQuietly(client);
      }
    },
  };
}
