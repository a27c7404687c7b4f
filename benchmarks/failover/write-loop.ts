import { existsSync } from 'node:fs';

/** How a write load runs: until `stopFile` appears or `maxMs` passed, a write about every `pauseMs`; gaps over `gapMs` are reported. */
export interface WritePace {
  stopFile: string;
  maxMs: number;
  pauseMs: number;
  gapMs: number;
}

/** What a write load reports: the acknowledged writes and every gap between two of them longer than `gapMs`. */
export interface WriteLoadReport {
  acked: number[];
  gaps: { fromMs: number; toMs: number }[];
  errors: number;
  attempts: number;
}

/** Writes `seq` after `seq`, about every `pauseMs`, until `stopFile` appears or `maxMs` passed; `onError` resets the connection. */
export async function writeSteadily(
  plan: WritePace,
  write: (seq: number) => Promise<unknown>,
  onError: () => Promise<void> = async () => undefined,
): Promise<WriteLoadReport> {
  const acked: number[] = [];
  const gaps: { fromMs: number; toMs: number }[] = [];
  let errors = 0;
  let lastAck = Date.now();
  const started = Date.now();
  for (let seq = 0; !existsSync(plan.stopFile) && Date.now() - started < plan.maxMs; seq += 1) {
    try {
      await write(seq);
      const now = Date.now();
      if (now - lastAck > plan.gapMs) gaps.push({ fromMs: lastAck, toMs: now });
      lastAck = now;
      acked.push(seq);
    } catch {
      errors += 1;
      await onError();
    }
    await new Promise((resolve) => setTimeout(resolve, plan.pauseMs));
  }
  return { acked, gaps, errors, attempts: acked.length + errors };
}
