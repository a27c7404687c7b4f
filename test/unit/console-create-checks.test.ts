import { describe, expect, it } from 'vitest';
import { ApiError } from '../../ui/src/api';
import { bodyOf, checkDraft, createFieldErrorsOf, versionChoicesOf, type CreateDraft } from '../../ui/src/pages/create-cluster-checks';
import type { Region } from '../../ui/src/types';

const draft: CreateDraft = {
  name: 'orders',
  engine: 'redis',
  owner: 'platform',
  size: '1',
  regions: ['local'],
  environment: 'test',
  version: '',
  synchronous: false,
};
const region = (name: string, versions: string[], defaultVersion: string | null): Region => ({
  name,
  provider: 'p',
  simulated: false,
  zones: [],
  description: null,
  engines: ['redis'],
  capabilities: ['createsNodes'],
  versions: { redis: { versions, defaultVersion } },
});

describe('the create form’s checks', () => {
  it('names each bad field in words before any request', () => {
    const errors = checkDraft({ ...draft, name: 'X!', size: '0', regions: [], owner: '' }, null);
    expect(Object.keys(errors).sort()).toEqual(['name', 'owner', 'regions', 'size']);
    expect(errors.name).toMatch(/DNS-safe/);
    expect(checkDraft({ ...draft, version: '7.2.6' }, ['7.0.15']).version).toBe('The chosen regions do not run 7.2.6; they run 7.0.15.');
    expect(checkDraft(draft, ['7.0.15'])).toEqual({});
  });

  it('places the server’s problems under their fields by path, and keeps the rest for the note', () => {
    const refused = new ApiError(400, 'bad', [
      { path: 'body/expectedDataGb', message: 'must be > 0' },
      { path: 'body/regions/0', message: 'unknown region mars' },
      { path: 'body/name', message: 'a cluster named orders already exists' },
    ]);
    const { fields, rest } = createFieldErrorsOf(refused);
    expect(fields).toEqual({
      size: 'Expected data must be > 0',
      regions: 'Unknown region mars',
      name: 'A cluster named orders already exists',
    });
    expect(rest).toBeNull();
    const other = new ApiError(403, 'forbidden', {});
    expect(createFieldErrorsOf(other)).toEqual({ fields: {}, rest: other });
  });

  it('asks for synchronous replication only when it is ticked, and places its refusal under the checkbox', () => {
    expect(bodyOf(draft)).not.toHaveProperty('synchronousReplication');
    expect(bodyOf({ ...draft, engine: 'postgres', synchronous: true })).toMatchObject({ synchronousReplication: true });
    const refused = new ApiError(400, 'bad', [
      { path: 'body/synchronousReplication', message: 'a single-node cluster has no replica to wait for' },
    ]);
    expect(createFieldErrorsOf(refused).fields).toEqual({ synchronous: 'A single-node cluster has no replica to wait for' });
  });

  it('offers the versions every chosen region runs, recommending the first region’s default', () => {
    const regions = [region('a', ['7.0.15', '7.2.6'], '7.2.6'), region('b', ['7.0.15'], '7.0.15')];
    expect(versionChoicesOf(regions, [], 'redis')).toBeNull();
    expect(versionChoicesOf(regions, ['b', 'a'], 'redis')).toEqual({ versions: ['7.0.15'], defaultVersion: '7.0.15' });
  });
});
