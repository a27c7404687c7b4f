/**
 * What the platform saw for itself before acting on an alert. An alert is a claim; a playbook acts
 * only when the platform's own look at the cluster confirms it, and the look is kept on the alert.
 */
export interface Evidence {
  verdict: 'confirmed' | 'unconfirmed';
  /** What was looked at: "fresh probe", "latest health snapshot", "node health state". */
  checked: string;
  /** One sentence a person can read: what was seen and why it does or does not confirm the alert. */
  detail: string;
  /** When the look was taken (ISO 8601). */
  at: string;
  /** The figures behind the verdict, per node where there are several. */
  facts: Record<string, unknown>;
  /**
   * Nothing could be looked at (no fresh figures, no machine yet, the probe could not run): the
   * alert is unconfirmed, but this is no sign that the problem has gone.
   */
  unseen?: true;
}

export const confirmed = (checked: string, detail: string, facts: Record<string, unknown> = {}): Evidence => ({
  verdict: 'confirmed',
  checked,
  detail,
  at: new Date().toISOString(),
  facts,
});

export const unconfirmed = (checked: string, detail: string, facts: Record<string, unknown> = {}): Evidence => ({
  verdict: 'unconfirmed',
  checked,
  detail,
  at: new Date().toISOString(),
  facts,
});

/** Unconfirmed because nothing could be looked at (see `Evidence.unseen`). */
export const unseen = (checked: string, detail: string, facts: Record<string, unknown> = {}): Evidence => ({
  ...unconfirmed(checked, detail, facts),
  unseen: true,
});
