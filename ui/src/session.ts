/**
 * Who is signed in: the bearer token kept in localStorage, taken from the `#token=` link that
 * `npm start` prints, and a signal that sends the console back to sign-in when a call gets a 401.
 */
const TOKEN_KEY = 'datafleet.token';

export const getToken = (): string | null => localStorage.getItem(TOKEN_KEY);
export const setToken = (token: string): void => localStorage.setItem(TOKEN_KEY, token);
export const clearToken = (): void => localStorage.removeItem(TOKEN_KEY);

/** Stores a `#token=` fragment and removes it from the address bar (and so from history and screenshots). */
export function takeTokenFromUrl(): boolean {
  const match = /[#&]token=([^&]+)/.exec(location.hash);
  if (!match?.[1]) return false;
  setToken(decodeURIComponent(match[1]));
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  // replaceState fires no hashchange; tell the router the address is now the inventory.
  dispatchEvent(new HashChangeEvent('hashchange'));
  return true;
}

type SignedInListener = () => void;
const signedInListeners = new Set<SignedInListener>();

/** Called whenever a `#token=` link is opened in a tab that already shows the console. */
export function onSignedInByLink(listener: SignedInListener): () => void {
  signedInListeners.add(listener);
  return () => signedInListeners.delete(listener);
}

/**
 * Takes a `#token=` link the moment the address changes, before any page renders under the old
 * identity or the next navigation replaces the fragment. Registered once, before the first render,
 * so it runs ahead of the router's own hashchange listener.
 */
export function watchForTokenLinks(): void {
  addEventListener('hashchange', () => {
    if (location.hash.includes('token=') && takeTokenFromUrl()) signedInListeners.forEach((listener) => listener());
  });
}

type SignedOutListener = (message: string) => void;
const signedOutListeners = new Set<SignedOutListener>();

export function onSignedOut(listener: SignedOutListener): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export function signOut(message: string): void {
  signedOutListeners.forEach((listener) => listener(message));
}
