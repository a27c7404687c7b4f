import pg from 'pg';

export const benchServerUrl = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: benchServerUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates a database of this run's own (the name carries the run id), returning its URL. */
export async function createScratchDatabase(name: string): Promise<string> {
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(benchServerUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database this run created; FORCE only ends this run's own leftover connections to it. */
export async function dropScratchDatabase(name: string): Promise<void> {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
