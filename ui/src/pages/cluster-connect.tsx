import { useState } from 'preact/hooks';
import { api } from '../api';
import type { ConnectionJson } from '../../../services/api/schemas/connection';
import { ErrorNote } from '../components/error-note';

type Copied = 'uri' | 'command' | null;

/**
 * Writes to the clipboard; where the Clipboard API is missing (a page served over plain HTTP to
 * another host is not a secure context), copies through a selected, hidden text area instead.
 */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const done = document.execCommand('copy');
  area.remove();
  if (!done) throw new Error('the browser refused to copy; select the text and copy it by hand');
}

/**
 * The Connect panel: the cluster's admin URI and the engine's client command with copy buttons,
 * the password masked until "Reveal" asks the server for it (each reveal is audited there), and
 * hidden again on "Hide", which forgets it. `onRevealed` lets the page show the reveal in its audit trail.
 */
export function ClusterConnect({ cluster, onRevealed }: { cluster: string; onRevealed: () => void }) {
  const [open, setOpen] = useState(false);
  const [connection, setConnection] = useState<ConnectionJson | null>(null);
  const [copied, setCopied] = useState<Copied>(null);
  const [error, setError] = useState<unknown>(null);
  const path = `/api/clusters/${encodeURIComponent(cluster)}/connection`;

  const load = async (reveal: boolean) => {
    try {
      setConnection(await api<ConnectionJson>(reveal ? `${path}?reveal=true` : path));
      setCopied(null);
      setError(null);
      // The reveal is in the audit trail now; no live event says so, so the page reloads it.
      if (reveal) onRevealed();
    } catch (e) {
      setError(e);
    }
  };
  const toggle = () => {
    if (open) setConnection(null);
    else void load(false);
    setOpen(!open);
  };
  const copy = async (what: 'uri' | 'command', text: string) => {
    try {
      await copyText(text);
      setCopied(what);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section data-testid="connect">
      <h2>
        Connect
        <button type="button" onClick={toggle} data-testid="connect-toggle">
          {open ? 'Close' : 'Connect…'}
        </button>
      </h2>
      <ErrorNote error={error} testId="connect-error" />
      {open && connection ? (
        <div class="connect-panel" data-testid="connect-panel" data-revealed={String(connection.revealed)}>
          {connection.simulated ? <p class="notice">Simulated cluster: nothing answers at these addresses.</p> : null}
          <dl class="facts">
            <dt>URI</dt>
            <dd class="copyable">
              <code data-testid="connect-uri">{connection.uri}</code>
              <button type="button" onClick={() => void copy('uri', connection.uri)} data-testid="copy-uri">
                {copied === 'uri' ? 'Copied' : 'Copy'}
              </button>
            </dd>
            <dt>Command line</dt>
            <dd class="copyable">
              <code data-testid="connect-command">{connection.command}</code>
              <button type="button" onClick={() => void copy('command', connection.command)} data-testid="copy-command">
                {copied === 'command' ? 'Copied' : 'Copy'}
              </button>
            </dd>
            <dt>Login</dt>
            <dd data-testid="connect-login">
              {connection.username === null ? (
                'none (the engine has no users)'
              ) : (
                <>
                  {connection.username} ·{' '}
                  {connection.revealed ? (
                    <>
                      <code data-testid="connect-password">{connection.password}</code>{' '}
                      <button type="button" class="link" onClick={() => void load(false)} data-testid="connect-hide">
                        Hide
                      </button>
                    </>
                  ) : (
                    <>
                      password hidden{' '}
                      <button type="button" onClick={() => void load(true)} data-testid="connect-reveal">
                        Reveal
                      </button>{' '}
                      <span class="muted">recorded in the audit trail</span>
                    </>
                  )}
                </>
              )}
            </dd>
            <dt>Hosts</dt>
            <dd data-testid="connect-hosts">{connection.hosts.map((h) => `${h.host}:${h.port} (${h.role})`).join(', ')}</dd>
            <dt>TLS</dt>
            <dd data-testid="connect-tls">{connection.tlsMode}</dd>
            {connection.database ? (
              <>
                <dt>Database</dt>
                <dd>{connection.database}</dd>
              </>
            ) : null}
          </dl>
          {connection.notes.length ? (
            <ul class="notices" data-testid="connect-notes">
              {connection.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
