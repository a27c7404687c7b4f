import { describe, expect, it } from 'vitest';
import { admit, senderLabel, type AlertSender } from '../../services/alerts/alert-sender';
import type { ClusterRecord } from '../../services/fleet/sql/clusters';
import type { Team } from '../../services/core/types';

const team = (name: string, isPlatform = false): Team => ({
  id: `${name}-id`,
  name,
  email: `${name}@example.com`,
  chatChannel: null,
  pagingKey: null,
  isPlatform,
  createdAt: new Date(0),
});
const cluster = { id: 'c1', name: 'orders-db', ownerTeamId: 'orders-id', ownerTeamName: 'orders' } as ClusterRecord;
const tokenOf = (t: Team): AlertSender => ({ kind: 'team', actor: { team: t, tokenName: 'ci' } });
const source: AlertSender = { kind: 'source', id: 's1', name: 'alertmanager-prod' };

describe('who may raise an alert', () => {
  it('an alert source or the platform team, about any cluster, known or not', () => {
    for (const sender of [source, tokenOf(team('platform', true))]) {
      expect(admit(sender, 'orders-db', cluster)).toEqual({ admitted: true, cluster });
      expect(admit(sender, 'ghost-db', null)).toEqual({ admitted: true, cluster: null });
    }
  });

  it('a team only about its own clusters: another team is forbidden, an unknown cluster not found, none named forbidden', () => {
    expect(admit(tokenOf(team('orders')), 'orders-db', cluster)).toEqual({ admitted: true, cluster });
    expect(admit(tokenOf(team('billing')), 'orders-db', cluster)).toMatchObject({
      admitted: false,
      refusal: 'forbidden',
      reason: expect.stringMatching(/belongs to team orders/),
    });
    expect(admit(tokenOf(team('billing')), 'ghost-db', null)).toMatchObject({ admitted: false, refusal: 'not_found' });
    expect(admit(tokenOf(team('billing')), null, null)).toMatchObject({ admitted: false, refusal: 'forbidden' });
  });

  it('names the sender in the audit trail', () => {
    expect(senderLabel(source)).toBe('alert-source:alertmanager-prod');
    expect(senderLabel(tokenOf(team('orders')))).toBe('orders/ci');
  });
});
