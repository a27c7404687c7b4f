import { describe, expect, it } from 'vitest';
import { ApiError } from '../../ui/src/api';
import { campaignBodyOf, campaignFieldErrorsOf, newCampaignDraft, planReady } from '../../ui/src/pages/campaign-draft';

describe('the campaign planner form', () => {
  it('sends a version, an instance type or both, and is ready for a dry run with either', () => {
    const draft = { ...newCampaignDraft(), name: 'ledger', regions: ['us-west-2'] };
    expect(planReady(draft)).toBe(false);
    expect(planReady({ ...draft, toInstanceType: 'i3.4xlarge' })).toBe(true);
    const body = campaignBodyOf({ ...draft, toVersion: '5.0.2', toInstanceType: 'i3.4xlarge', tags: 'tier=gold' });
    expect(body).toMatchObject({
      toVersion: '5.0.2',
      toInstanceType: 'i3.4xlarge',
      selector: { regions: ['us-west-2'], tags: { tier: 'gold' } },
    });
    expect(campaignBodyOf({ ...draft, toVersion: '5.0.2' })).not.toHaveProperty('toInstanceType');
  });

  it("places the server's problems under the fields they name, the selector's among them", () => {
    const refused = new ApiError(400, 'invalid', [
      { path: 'body/inFlight', message: 'must be >= 1' },
      { path: 'body/selector/owners', message: 'unknown team nobody' },
      { path: 'body/toInstanceType', message: 'unknown instance type "x1"; the catalog has: i3.2xlarge' },
    ]);
    expect(campaignFieldErrorsOf(refused)).toEqual({
      fields: {
        inFlight: 'Upgrading at once must be >= 1',
        owners: 'Unknown team nobody',
        toInstanceType: 'Unknown instance type "x1"; the catalog has: i3.2xlarge',
      },
      rest: null,
    });
  });

  it("places a rule's refusal under the body field its details name, and keeps what names no field for the note", () => {
    const rule = new ApiError(400, 'prodWaveSize must be a whole number of at least 1', { prodWaveSize: 0.5 });
    expect(campaignFieldErrorsOf(rule)).toEqual({
      fields: { prodWaveSize: 'Prod clusters per wave must be a whole number of at least 1' },
      rest: null,
    });
    const nothing = new ApiError(400, 'no cluster would be upgraded', { skipped: [] });
    expect(campaignFieldErrorsOf(nothing)).toEqual({ fields: {}, rest: nothing });
    const target = new ApiError(400, 'say what to move to', [{ path: 'body', message: 'say what to move to' }]);
    expect(campaignFieldErrorsOf(target).rest).toBe(target);
  });
});
