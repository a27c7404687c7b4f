import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';

interface Me {
  team: { name: string };
  tokenName: string;
}

const links = [
  { href: '#/', label: 'Inventory', testId: 'nav-inventory', active: (h: string) => h === '' || h === '#/' || h.startsWith('#/clusters') },
  { href: '#/fleet', label: 'Fleet', testId: 'nav-fleet', active: (h: string) => h.startsWith('#/fleet') },
  { href: '#/alerts', label: 'Alerts', testId: 'nav-alerts', active: (h: string) => h.startsWith('#/alerts') },
  { href: '#/campaigns', label: 'Campaigns', testId: 'nav-campaigns', active: (h: string) => h.startsWith('#/campaigns') },
  { href: '#/new', label: 'New cluster', testId: 'nav-new', active: (h: string) => h.startsWith('#/new') },
  { href: '#/teams', label: 'Teams', testId: 'nav-teams', active: (h: string) => h.startsWith('#/teams') },
];

/** Navigation and who is signed in (GET /api/me; a 401 there signs the console out like any other). */
export function TopBar({ hash }: { hash: string }) {
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    api<Me>('/api/me').then(setMe, () => setMe(null));
  }, []);
  return (
    <header class="topbar">
      <a class="brand" href="#/">
        Datafleet
      </a>
      <nav>
        {links.map((l) => (
          <a key={l.href} href={l.href} class={l.active(hash) ? 'active' : ''} data-testid={l.testId}>
            {l.label}
          </a>
        ))}
      </nav>
      <span class="me" data-testid="me" title="signed-in team · token name">
        {me ? `${me.team.name} · ${me.tokenName}` : ''}
      </span>
    </header>
  );
}
