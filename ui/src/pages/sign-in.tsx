import { useState } from 'preact/hooks';
import { setToken } from '../api';

export function SignIn({ message, onSignedIn }: { message: string | null; onSignedIn: () => void }) {
  const [token, setValue] = useState('');
  return (
    <main class="narrow">
      <h1>Sign in to Datafleet</h1>
      <p>
        Open the URL that <code>npm start</code> printed, or paste a bearer token (the local admin token is in
        <code> .datafleet/admin-token</code>).
      </p>
      {message ? <p class="error">{message}</p> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setToken(token.trim());
          onSignedIn();
        }}
      >
        <input type="password" placeholder="token" value={token} onInput={(e) => setValue(e.currentTarget.value)} data-testid="token" />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
