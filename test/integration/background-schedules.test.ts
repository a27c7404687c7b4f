import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../services/core/config';
import { BackgroundJobs, BackgroundQueue } from '../../services/infra/queues/background-queue';
import { newSecret } from '../../services/core/ids';
import { testRedisUrl } from '../helpers/app';
import { deleteKeysUnder } from '../helpers/redis-keys';

const prefix = `dft-${newSecret(6)}`;
const background = new BackgroundQueue({ url: testRedisUrl }, prefix);

afterAll(async () => {
  await background.queue.close();
  await deleteKeysUnder(testRedisUrl, prefix);
});

const scheduled = async () => {
  const names: string[] = [];
  for (const name of BackgroundJobs) if (await background.queue.getJobScheduler(name)) names.push(name);
  return names;
};

describe('the background schedules', () => {
  it('are all on by default', async () => {
    await background.schedule(loadConfig({}));
    expect(await scheduled()).toEqual([...BackgroundJobs]);
  });

  it('a period of 0 turns one off: its scheduler is removed, and keeping the schedules does not put it back', async () => {
    const config = loadConfig({ DATAFLEET_METRICS_ROLLUP_EVERY_MS: '0', DATAFLEET_BACKUP_SCAN_EVERY_MS: '0' });
    await background.schedule(config);
    const on = BackgroundJobs.filter((name) => name !== 'metrics-rollup' && name !== 'backup-scan');
    expect(await scheduled()).toEqual(on);
    await background.ensureScheduled(config);
    expect(await scheduled()).toEqual(on);
    // A scheduler another worker lost is put back; the ones turned off stay off.
    await background.queue.removeJobScheduler('forecast');
    await background.ensureScheduled(config);
    expect(await scheduled()).toEqual(on);
  });

  it('refuses a period under the minimum that is not 0, naming the setting', () => {
    expect(() => loadConfig({ DATAFLEET_METRICS_ROLLUP_EVERY_MS: '50' })).toThrow(
      /metricsRollupEveryMs: must be 0 \(the schedule off\) or at least 100 ms/,
    );
    expect(() => loadConfig({ DATAFLEET_BACKUP_SCAN_EVERY_MS: '500' })).toThrow(/backupScanEveryMs: .* at least 1000 ms/);
    expect(() => loadConfig({ DATAFLEET_STORAGE_SCAN_EVERY_MS: '-1' })).toThrow(/storageScanEveryMs/);
  });
});
