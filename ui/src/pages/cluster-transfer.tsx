import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { TransferOffer } from '../types';
import { ErrorNote } from '../components/error-note';

/**
 * Handing the cluster to another team: the pending offer (accept/decline for the receiving team,
 * cancel for the offering team; the server decides who may), or a form to make one.
 */
export function ClusterTransfer({ cluster, tick, onChanged }: { cluster: string; tick: number; onChanged: () => void }) {
  const [offer, setOffer] = useState<TransferOffer | null>(null);
  const [to, setTo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const path = `/api/clusters/${encodeURIComponent(cluster)}/transfer`;
  const load = () => {
    api<{ offer: TransferOffer | null }>(path).then(({ offer: o }) => setOffer(o), setError);
  };
  useEffect(load, [cluster, tick]);

  const act = async (action: 'accept' | 'decline' | 'cancel' | 'offer') => {
    try {
      await api(action === 'offer' ? path : `${path}/${action}`, { method: 'POST', body: action === 'offer' ? { to } : {} });
      setError(null);
      setTo('');
      load();
      onChanged();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section data-testid="cluster-transfer">
      <h2>Ownership</h2>
      <ErrorNote error={error} testId="transfer-error" />
      {offer ? (
        <p class="notice" data-testid="pending-transfer">
          Offered to <strong>{offer.to.name}</strong> by {offer.offeredBy} on {new Date(offer.createdAt).toLocaleString()}
          {offer.reason ? ` — ${offer.reason}` : ''}.{' '}
          <button type="button" onClick={() => void act('accept')} data-testid="transfer-accept">
            Accept
          </button>{' '}
          <button type="button" onClick={() => void act('decline')} data-testid="transfer-decline">
            Decline
          </button>{' '}
          <button type="button" class="link" onClick={() => void act('cancel')} data-testid="transfer-cancel">
            Withdraw offer
          </button>
        </p>
      ) : (
        <form class="inline-form" onSubmit={(e) => (e.preventDefault(), void act('offer'))} data-testid="transfer-form">
          <label>
            Offer to team <input value={to} onInput={(e) => setTo(e.currentTarget.value)} data-testid="transfer-to" />
          </label>
          <button type="submit" disabled={!to}>
            Offer
          </button>
          <span class="muted"> it changes hands when that team accepts</span>
        </form>
      )}
    </section>
  );
}
