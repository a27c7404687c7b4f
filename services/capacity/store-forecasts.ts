import type { Logger } from 'pino';
import type { CapacityForecastRecord, ForecastRepository } from './sql/forecast-repository';

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint): the fault of a row, not of the database. */
const isRowFault = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
};

/**
 * Stores a batch's forecasts in one statement. One row the database refuses (a cluster deleted
 * since it was read, a value out of range) would abort the statement and cost the whole batch its
 * forecasts, so a batch refused for a row's fault is split in halves until the refused rows are
 * found; they alone are left out, and logged. Any other failure (the database is gone) is thrown.
 * Returns the forecasts stored.
 */
export async function storeForecasts(
  repo: Pick<ForecastRepository, 'upsertMany'>,
  records: CapacityForecastRecord[],
  logger: Logger,
): Promise<CapacityForecastRecord[]> {
  try {
    await repo.upsertMany(records);
    return records;
  } catch (error) {
    if (!isRowFault(error)) throw error;
    if (records.length === 1) {
      logger.warn({ err: error, clusterId: records[0]!.clusterId }, 'capacity forecast not stored for one cluster');
      return [];
    }
    const half = Math.ceil(records.length / 2);
    return [...(await storeForecasts(repo, records.slice(0, half), logger)), ...(await storeForecasts(repo, records.slice(half), logger))];
  }
}
