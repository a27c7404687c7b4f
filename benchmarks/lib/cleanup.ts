/**
 * What a benchmark run created and must remove, at the end and on SIGINT/SIGTERM: the shared
 * PostgreSQL and Redis serve other people, so a run that is interrupted must not leave its
 * databases, keys or processes behind.
 */
type Cleanup = () => Promise<unknown>;

const cleanups: Cleanup[] = [];
let running: Promise<void> | null = null;

/** Registers `cleanup`; returns a function that runs it now (once) and unregisters it. */
export function onCleanup(cleanup: Cleanup): () => Promise<void> {
  let done = false;
  const once: Cleanup = async () => {
    if (done) return;
    done = true;
    await cleanup();
  };
  cleanups.push(once);
  return async () => {
    const at = cleanups.indexOf(once);
    if (at >= 0) cleanups.splice(at, 1);
    await once();
  };
}

/** Runs every registered cleanup, latest first; errors are reported, not thrown, so the rest still run. */
export function runCleanups(): Promise<void> {
  running ??= (async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop()!;
      await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
    }
  })();
  return running;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: removing what this run created`);
    void runCleanups().finally(() => process.exit(130));
  });
}
