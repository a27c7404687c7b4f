/**
 * Group commit: callers add rows and wait for them to be durable; rows that arrive while a write is
 * in flight are written together by the next one. Under load this turns a thousand single-row
 * INSERTs a second into a few dozen multi-row ones, and no caller is answered before its row is
 * committed (nothing acknowledged is lost). A write may return one result per row, in the rows'
 * order (what the same statement learned about each row, e.g. with RETURNING); each caller gets its own.
 */
export class GroupCommit<Row, Result = void> {
  private pending: Array<{ row: Row; resolve: (result: Result) => void; reject: (e: unknown) => void }> = [];
  private writing = false;

  constructor(
    private readonly write: (rows: Row[]) => Promise<Result[]> | Promise<void>,
    private readonly maxBatch = 500,
  ) {}

  add(row: Row): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const results: unknown = await this.write(batch.map((b) => b.row));
        // A write without results (Result = void) answers every caller with undefined.
        batch.forEach((b, i) => b.resolve((Array.isArray(results) ? results[i] : undefined) as Result));
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.writing = false;
  }
}
