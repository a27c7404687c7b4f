/**
 * Group commit: callers add rows and wait for them to be durable; rows that arrive while a write is
 * in flight are written together by the next one. Under load this turns a thousand single-row
 * INSERTs a second into a few dozen multi-row ones, and no caller is answered before its row is
 * committed (nothing acknowledged is lost).
 */
export class GroupCommit<Row> {
  private pending: Array<{ row: Row; resolve: () => void; reject: (e: unknown) => void }> = [];
  private writing = false;

  constructor(
    private readonly write: (rows: Row[]) => Promise<void>,
    private readonly maxBatch = 500,
  ) {}

  add(row: Row): Promise<void> {
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
        await this.write(batch.map((b) => b.row));
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.writing = false;
  }
}
