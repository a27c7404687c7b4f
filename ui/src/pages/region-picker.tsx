import type { Region } from '../types';

/**
 * Regions as checkboxes: each says whether it runs real local processes or the simulator, and
 * which engines it can run; the ones that cannot run the chosen engine are disabled.
 */
export function RegionPicker({
  regions,
  engine,
  chosen,
  onChange,
}: {
  regions: Region[];
  engine: string;
  chosen: string[];
  onChange: (chosen: string[]) => void;
}) {
  return (
    <fieldset data-testid="field-regions">
      <legend>Regions</legend>
      {regions.map((r) => {
        const supported = r.engines.includes(engine);
        return (
          <label key={r.name} class={supported ? 'region' : 'region muted'} title={r.description ?? undefined}>
            <input
              type="checkbox"
              disabled={!supported}
              checked={chosen.includes(r.name)}
              data-testid={`region-${r.name}`}
              onChange={(e) => onChange(e.currentTarget.checked ? [...chosen, r.name] : chosen.filter((x) => x !== r.name))}
            />{' '}
            <strong>{r.name}</strong>{' '}
            {r.simulated ? <span class="badge">simulated</span> : <span class="badge badge-real">real processes</span>}
            <span class="muted">
              {' '}
              · {r.provider} · {r.zones.length} zone{r.zones.length === 1 ? '' : 's'} · runs {r.engines.join(', ') || 'no engines'}
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
