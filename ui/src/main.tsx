import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getToken, onSignedInByLink, onSignedOut, takeTokenFromUrl, watchForTokenLinks } from './session';
import { disconnectLive } from './live';
import { Route, useHash } from './router';
import { TopBar } from './components/top-bar';
import { SignIn } from './pages/sign-in';

interface SignInState {
  needed: boolean;
  message: string | null;
  /** Bumped on every sign-in so the top bar and the page reload as the new identity. */
  generation: number;
}

/** Sign-in until there is a token; after that the top bar and the page the hash names. */
function App() {
  const hash = useHash();
  const [state, setState] = useState<SignInState>({ needed: !getToken(), message: null, generation: 0 });
  const signedIn = () => {
    disconnectLive(); // the event stream carries the token it was opened with
    setState((s) => ({ needed: false, message: null, generation: s.generation + 1 }));
  };

  useEffect(() => onSignedOut((message) => (disconnectLive(), setState((s) => ({ ...s, needed: true, message })))), []);
  // The printed `#token=` link may be opened in a tab that already shows the console: no reload then.
  useEffect(() => onSignedInByLink(signedIn), []);

  if (state.needed) return <SignIn message={state.message} onSignedIn={signedIn} />;
  return (
    <>
      <TopBar key={`bar-${state.generation}`} hash={hash} />
      <Route key={`page-${state.generation}`} hash={hash} />
    </>
  );
}

takeTokenFromUrl();
watchForTokenLinks();
const root = document.getElementById('app');
if (root) render(<App />, root);
