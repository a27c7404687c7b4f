import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../services/core/config';
import { loadRegions } from '../../services/core/regions';
import { systemClock } from '../../services/core/clock';
import { createEngineRegistry } from '../../services/engines/registry';
import { createProviders } from '../../services/providers/registry';
import type { Pool } from '../../services/infra/db/pool';

const dir = mkdtempSync(join(tmpdir(), 'datafleet-regions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function regionsFile(provider: string): string {
  const path = join(dir, `${provider}.json`);
  const instanceTypes = { 'm5.large': { vcpu: 2, memoryGb: 8, diskGb: 100, hourlyUsd: 0.1 } };
  writeFileSync(path, JSON.stringify({ regions: { 'moon-1': { provider, zones: ['moon-1a'] } }, instanceTypes }));
  return path;
}

describe('the provider registry is the only list of provider kinds', () => {
  const config = loadConfig({ DATAFLEET_DATA_DIR: dir });
  const build = (provider: string) =>
    createProviders({
      config,
      regions: loadRegions(regionsFile(provider)),
      // Nothing here queries: building the providers touches no database.
      pool: {} as Pool,
      clock: systemClock,
      engines: createEngineRegistry(),
    });

  it('binds a region to the provider of the kind it names', async () => {
    const providers = build('external');
    expect(providers.forRegion('moon-1').kind).toBe('external');
    await providers.closeAll();
  });

  it('refuses at startup a region naming a kind the registry lacks, listing the kinds', () => {
    expect(() => build('kubernetes')).toThrow(/region moon-1 names provider "kubernetes"; the providers are local, simulated, external/);
  });
});
