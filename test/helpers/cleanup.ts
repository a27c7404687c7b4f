/**
 * Runs `cleanup` (synchronous) when the test process ends: normally, or by SIGINT/SIGTERM (an
 * interrupted or timed-out run). Returns a function that runs it now and unregisters it.
 */
export function cleanupOnExit(cleanup: () => void): () => void {
  let done = false;
  const onSignal = (signal: NodeJS.Signals) => {
    run();
    process.kill(process.pid, signal);
  };
  const run = () => {
    if (done) return;
    done = true;
    process.off('exit', run);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    cleanup();
  };
  process.on('exit', run);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return run;
}
