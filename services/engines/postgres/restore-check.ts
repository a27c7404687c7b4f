import type { RestoreCheck } from '../engine';
import { withPostgres } from './connection';

/**
 * The probe table lives in the maintenance database the control plane connects to; only the control
 * plane writes it, one row just before each backup, so a restore of that backup (replayed to where
 * it became consistent) holds exactly the rows there were when it started.
 */
const CREATE = `CREATE TABLE IF NOT EXISTS datafleet_probe (
  seq bigserial PRIMARY KEY,
  written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  tag text NOT NULL
)`;

/** Row count, an md5 over every row in order (microsecond timestamps, so nothing depends on a time zone), and the newest write. */
const SUMMARY = `SELECT count(*)::int AS rows,
  coalesce(md5(string_agg(seq || ':' || (extract(epoch FROM written_at) * 1000000)::bigint || ':' || tag, ',' ORDER BY seq)), '') AS checksum,
  max(written_at) AS newest
FROM datafleet_probe`;

interface ProbeFigures {
  rows: number;
  checksum: string;
}

interface Summary extends ProbeFigures {
  newest: Date | null;
}

export function postgresRestoreCheck(timeoutMs: number): RestoreCheck {
  return {
    async beforeBackup({ primary, credentials, tag }) {
      return withPostgres(primary, credentials, timeoutMs, async (client) => {
        await client.query(CREATE);
        const written = await client.query<{ written_at: Date }>('INSERT INTO datafleet_probe (tag) VALUES ($1) RETURNING written_at', [
          tag,
        ]);
        const summary = (await client.query<Summary>(SUMMARY)).rows[0]!;
        const figures: ProbeFigures = { rows: summary.rows, checksum: summary.checksum };
        return { probeWrittenAt: written.rows[0]!.written_at.toISOString(), figures: { ...figures } };
      });
    },

    async verify({ primary, credentials, expected }) {
      const want = expected.figures as unknown as ProbeFigures;
      return withPostgres(primary, credentials, timeoutMs, async (client) => {
        const exists = await client.query<{ found: boolean }>(`SELECT to_regclass('public.datafleet_probe') IS NOT NULL AS found`);
        if (!exists.rows[0]?.found)
          return { mismatches: ['the datafleet_probe table is missing from the restore'], newestWriteAt: null, observed: { rows: 0 } };
        const got = (await client.query<Summary>(SUMMARY)).rows[0]!;
        const mismatches: string[] = [];
        if (got.rows !== want.rows) mismatches.push(`datafleet_probe holds ${got.rows} rows; the backup was recorded with ${want.rows}`);
        if (got.checksum !== want.checksum)
          mismatches.push(`datafleet_probe's checksum is ${got.checksum || '(empty)'}; the backup was recorded with ${want.checksum}`);
        return {
          mismatches,
          newestWriteAt: got.newest ? got.newest.toISOString() : null,
          observed: { rows: got.rows, checksum: got.checksum },
        };
      });
    },
  } satisfies RestoreCheck;
}
