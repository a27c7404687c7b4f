import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, getToken, takeTokenFromUrl } from './api';
import { SignIn } from './pages/sign-in';
import { Inventory } from './pages/inventory';
import { CreateCluster } from './pages/create-cluster';
import { ClusterPage } from './pages/cluster';
import { Teams } from './pages/teams';
import { Fleet } from './pages/fleet';

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

function Page({ hash }: { hash: string }) {
  const cluster = /^#\/clusters\/([^/]+)/.exec(hash);
  if (cluster?.[1]) return <ClusterPage key={cluster[1]} name={decodeURIComponent(cluster[1])} />;
  if (hash.startsWith('#/new')) return <CreateCluster />;
  if (hash.startsWith('#/teams')) return <Teams />;
  if (hash.startsWith('#/fleet')) return <Fleet />;
  return <Inventory />;
}

function App() {
  const hash = useHash();
  const [me, setMe] = useState<string | null>(null);
  const [signIn, setSignIn] = useState<{ needed: boolean; message: string | null }>({ needed: !getToken(), message: null });

  useEffect(() => {
    if (signIn.needed) return;
    api<{ team: { name: string }; tokenName: string }>('/api/me').then(
      (m) => setMe(`${m.team.name} · ${m.tokenName}`),
      (e: unknown) => e instanceof ApiError && e.status === 401 && setSignIn({ needed: true, message: 'Your token was not accepted; sign in again.' }),
    );
  }, [signIn.needed]);

  if (signIn.needed) return <SignIn message={signIn.message} onSignedIn={() => setSignIn({ needed: false, message: null })} />;
  return (
    <>
      <header class="topbar">
        <a class="brand" href="#/">Datafleet</a>
        <nav>
          <a href="#/" class={hash === '' || hash === '#/' ? 'active' : ''}>Inventory</a>
          <a href="#/fleet" class={hash.startsWith('#/fleet') ? 'active' : ''} data-testid="nav-fleet">Fleet health</a>
          <a href="#/new" class={hash.startsWith('#/new') ? 'active' : ''} data-testid="nav-new">New cluster</a>
          <a href="#/teams" class={hash.startsWith('#/teams') ? 'active' : ''}>Teams</a>
        </nav>
        <span class="me" data-testid="me">{me}</span>
      </header>
      <Page hash={hash} />
    </>
  );
}

takeTokenFromUrl();
const root = document.getElementById('app');
if (root) render(<App />, root);
