import { ApiError } from '../api';

interface FieldProblem {
  path?: string;
  message?: string;
  unknownField?: string;
}

/** The server's `error.details` as lines a person can act on: one per failing field or fact. */
function detailLines(details: unknown): string[] {
  if (Array.isArray(details)) {
    return details.map((d: FieldProblem) =>
      d.unknownField ? `unknown field "${d.unknownField}"` : `${d.path || 'request'}: ${d.message ?? 'invalid'}`,
    );
  }
  if (details && typeof details === 'object') {
    return Object.entries(details).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return [];
}

/** An error from a call (ApiError with its details) or a plain message; nothing when there is none. */
export function ErrorNote({ error, testId }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const lines = error instanceof ApiError ? detailLines(error.details) : [];
  // A schema failure's message already joins its details; one failing field would only repeat it.
  const extra = Array.isArray(error instanceof ApiError ? error.details : null) && lines.length < 2 ? [] : lines;
  return (
    <div class="error-note" role="alert" data-testid={testId}>
      <p class="error">{message}</p>
      {extra.length ? (
        <ul class="error-details" data-testid={testId ? `${testId}-details` : undefined}>
          {extra.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
