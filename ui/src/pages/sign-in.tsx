import { useState } from 'preact/hooks';
import { setToken } from '../session';

/** Shown without a token, or after the API refused the one we had (with the reason). */
export function SignIn({ message, onSignedIn }: { message: string | null; onSignedIn: () => void }) {
  const [token, setValue] = useState('');
  return (
    <main class="narrow" data-testid="sign-in">
      <h1>Sign in to Datafleet</h1>
      <p>
        Open the URL that <code>npm start</code> printed (it ends in <code>#token=…</code>), or paste a bearer token here (the local admin
        token is in <code>.datafleet/admin-token</code>; a team token comes from the Teams page).
      </p>
      {message ? (
        <p class="error" role="alert" data-testid="sign-in-message">
          {message}
        </p>
      ) : null}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!token.trim()) return;
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
