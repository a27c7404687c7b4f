import { ConflictError, DatafleetError, InputError } from './errors';

/** One thing wrong with a request, in the shape the schema errors use: `{ path, message, ... }`. */
export interface Problem {
  path: string;
  message: string;
  /** The values that would have been accepted, where there is a closed list. */
  allowed?: readonly unknown[];
  [extra: string]: unknown;
}

/**
 * Collects every problem of a request before answering, so a person fixes them all at once.
 * `conflict` problems (a name already taken) make a 409 only when nothing else is wrong.
 */
export class ProblemList {
  private readonly problems: Problem[] = [];
  private readonly conflicts: Problem[] = [];

  add(problem: Problem): void {
    this.problems.push(problem);
  }

  conflict(problem: Problem): void {
    this.conflicts.push(problem);
  }

  /**
   * Runs a check that throws an InputError, keeping its message (and details) as a problem; `path`
   * may be derived from the error's details when one check covers several fields.
   */
  async check(path: string | ((details: Record<string, unknown>) => string), run: () => unknown): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const details =
        error.details && typeof error.details === 'object' && !Array.isArray(error.details)
          ? (error.details as Record<string, unknown>)
          : {};
      this.add({ ...details, path: typeof path === 'string' ? path : path(details), message: error.message });
    }
  }

  get count(): number {
    return this.problems.length;
  }

  get invalid(): boolean {
    return this.problems.length > 0;
  }

  /** Throws the answer: 400 with every problem (conflicts included), 409 when a conflict is the only one. */
  throwIfAny(): void {
    const error = this.error();
    if (error) throw error;
  }

  private error(): DatafleetError | null {
    if (this.problems.length) {
      const all = [...this.problems, ...this.conflicts];
      return new InputError(all.map((p) => p.message).join('; '), all);
    }
    if (this.conflicts.length) return new ConflictError(this.conflicts.map((p) => p.message).join('; '), this.conflicts);
    return null;
  }
}
