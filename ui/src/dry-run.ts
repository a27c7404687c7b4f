import { useEffect, useState } from 'preact/hooks';
import { api } from './api';

/**
 * Posts a form's body to a dry-run endpoint a moment after its last change (typing costs one
 * request, and an older answer never replaces a newer one): the answer, or the refusal whose
 * problems the form places under its fields. No body, no request.
 */
export function useDryRun<T>(path: string, body: Record<string, unknown> | null, delayMs = 250): { answer: T | null; problem: unknown } {
  const [answer, setAnswer] = useState<T | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const text = body ? JSON.stringify(body) : '';
  useEffect(() => {
    if (!body) {
      setAnswer(null);
      setProblem(null);
      return undefined;
    }
    let current = true;
    const timer = setTimeout(() => {
      api<T>(path, { method: 'POST', body }).then(
        (a) => current && (setAnswer(a), setProblem(null)),
        (e: unknown) => current && (setAnswer(null), setProblem(e)),
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [path, text]);
  return { answer, problem };
}
