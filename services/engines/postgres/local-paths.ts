/** The superuser of every local PostgreSQL node; engine adapters log in as it. */
export const POSTGRES_SUPERUSER = 'datafleet';
import { join } from 'node:path';

/** Where a local node keeps its cluster: <node dir>/pgdata. */
export const pgdata = (dir: string) => join(dir, 'pgdata');
/** Written last: its presence means the data directory is complete. */
export const preparedMarker = (dir: string) => join(dir, 'prepared');
/** Unix socket paths are limited to 107 bytes; a deep data root falls back to TCP only. */
export const socketDirFor = (dir: string, port: number) => (`${dir}/.s.PGSQL.${port}.lock`.length < 100 ? dir : '');
/** Present once the node is Patroni's: its process is then Patroni, which runs the server. */
export const patroniConfigFile = (dir: string) => join(dir, 'patroni.yml');
