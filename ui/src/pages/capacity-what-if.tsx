import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNote } from '../components/error-note';
import { day, days, gb } from '../format';
import type { WhatIfAnswer } from './capacity-types';
import { ApplyAdvice } from './capacity-apply';

interface Change {
  writesPercent: string;
  addGbPerDay: string;
}

const presets: Array<{ label: string; change: Change }> = [
  { label: '+30% writes', change: { writesPercent: '30', addGbPerDay: '' } },
  { label: '+50 GB/day', change: { writesPercent: '', addGbPerDay: '50' } },
];

/** Only the fields the user filled in: the server rejects what it does not expect. */
function bodyOf(change: Change): { writesPercent?: number; addGbPerDay?: number } {
  return {
    ...(change.writesPercent.trim() ? { writesPercent: Number(change.writesPercent) } : {}),
    ...(change.addGbPerDay.trim() ? { addGbPerDay: Number(change.addGbPerDay) } : {}),
  };
}

function Answer({ answer }: { answer: WhatIfAnswer }) {
  const until = answer.sufficientUntil ? (
    <>
      Sufficient until{' '}
      <strong data-testid="what-if-until" data-value={answer.sufficientUntil}>
        {day(answer.sufficientUntil)}
      </strong>{' '}
      ({days(answer.daysLeft)} at {gb(answer.dailyGrowthGb)}/day)
    </>
  ) : (
    <>Sufficient beyond the {answer.horizonDays}-day forecast horizon: no change needed.</>
  );
  const scale = answer.scaleTo;
  return (
    <p class="notice" data-testid="what-if-answer" data-sufficient-until={answer.sufficientUntil ?? 'beyond'}>
      {until}
      {scale ? (
        <span data-testid="what-if-scale">
          {' — '}
          {scale.nodes !== undefined ? (
            <>
              scale to <strong>{scale.nodes} nodes</strong>
              {scale.nodesPerRegion !== undefined && scale.nodesPerRegion !== scale.nodes ? ` (${scale.nodesPerRegion} per region)` : ''}
            </>
          ) : null}
          {scale.nodes !== undefined && scale.instanceType ? ' or ' : null}
          {scale.instanceType ? (
            <>
              move to instance <strong>{scale.instanceType}</strong>
            </>
          ) : null}
          {scale.diskGb !== undefined ? (
            <>
              grow storage to <strong>{scale.diskGb} GB per node</strong>
            </>
          ) : null}
          {' by '}
          <strong data-value={scale.by}>{day(scale.by)}</strong>
          {scale.note ? (
            <span class="hint warn" data-testid="what-if-note">
              {' '}
              ({scale.note})
            </span>
          ) : null}
        </span>
      ) : null}
    </p>
  );
}

/** "What if we add 30% more writes / 50 GB a day?": the date capacity still suffices until, and what to scale to by when. */
export function CapacityWhatIf({ cluster }: { cluster: string }) {
  const [change, setChange] = useState<Change>({ writesPercent: '', addGbPerDay: '' });
  const [answer, setAnswer] = useState<WhatIfAnswer | null>(null);
  const [asked, setAsked] = useState<Record<string, number>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const ask = async (next: Change) => {
    setChange(next);
    setBusy(true);
    try {
      setAnswer(
        await api<WhatIfAnswer>(`/api/clusters/${encodeURIComponent(cluster)}/forecast/what-if`, { method: 'POST', body: bodyOf(next) }),
      );
      setAsked(bodyOf(next));
      setError(null);
    } catch (e) {
      setAnswer(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const field = (key: keyof Change) => ({
    value: change[key],
    onInput: (e: Event) => setChange({ ...change, [key]: (e.currentTarget as HTMLInputElement).value }),
  });

  return (
    <div data-testid="what-if">
      <h3>What if</h3>
      <form
        class="inline-form"
        aria-label="What-if headroom"
        data-testid="what-if-form"
        onSubmit={(e) => (e.preventDefault(), void ask(change))}
      >
        <label>
          More writes (%)
          <input type="number" step="any" {...field('writesPercent')} data-testid="what-if-writes" />
        </label>
        <label>
          More data (GB/day)
          <input type="number" step="any" {...field('addGbPerDay')} data-testid="what-if-gb" />
        </label>
        <button type="submit" disabled={busy} data-testid="what-if-submit">
          Check headroom
        </button>
        {presets.map((p) => (
          <button key={p.label} type="button" disabled={busy} onClick={() => void ask(p.change)}>
            {p.label}
          </button>
        ))}
      </form>
      <ErrorNote error={error} testId="what-if-error" />
      {answer ? <Answer answer={answer} /> : null}
      {answer ? <ApplyAdvice key={JSON.stringify(asked)} cluster={cluster} change={asked} answer={answer} /> : null}
    </div>
  );
}
