import type { Operation } from '../types';
import { when } from '../format';

/** An operation's ordered steps with their state; errors shown where a step is retrying or failed. */
export function Steps({ op }: { op: Operation }) {
  return (
    <ol class="steps" data-testid="operation-steps">
      {op.steps.map((s) => (
        <li key={s.index} class={`step step-${s.status}`} data-step={s.name} data-status={s.status}>
          <span class="step-name">{s.name}</span> <span class="step-status">{s.status}</span>
          {s.finishedAt ? <span class="muted"> · {when(s.finishedAt)}</span> : null}
          {s.attempts > 1 ? <span class="muted"> · attempt {s.attempts}</span> : null}
          {s.error ? <span class="error"> · {s.error}</span> : null}
        </li>
      ))}
    </ol>
  );
}
