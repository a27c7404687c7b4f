/**
 * Only PATH is passed on to a datastore process or a setup command: the control plane's environment
 * holds credentials (DATABASE_URL, tokens) that a datastore process has no business seeing in its
 * /proc/<pid>/environ.
 */
export function minimalEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', ...extra };
}
