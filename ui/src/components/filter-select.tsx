import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Engine, Region, Team } from '../types';
import { naturalCompare } from '../natural-order';

/** What a list can be filtered by, from the API, so a new engine, region or team just appears. */
export interface FilterChoices {
  engine: string[];
  region: string[];
  owner: string[];
}

const none: FilterChoices = { engine: [], region: [], owner: [] };

export function useFilterChoices(): FilterChoices {
  const [choices, setChoices] = useState<FilterChoices>(none);
  useEffect(() => {
    const names = (items: { name: string }[]) => items.map((i) => i.name).sort(naturalCompare);
    Promise.all([api<Engine[]>('/api/engines'), api<Region[]>('/api/regions'), api<Team[]>('/api/teams')]).then(
      ([engines, regions, teams]) => setChoices({ engine: names(engines), region: names(regions), owner: names(teams) }),
      () => undefined, // The list beside shows the error of its own query; empty choices are enough here.
    );
  }, []);
  return choices;
}

/** A filter drop-down: "any <label>" or one of `values`; the list's one way to narrow by a field. */
export function FilterSelect(props: {
  name: string;
  label: string;
  value: string | undefined;
  values: readonly string[];
  onChange: (value: string) => void;
}) {
  return (
    <select
      value={props.value ?? ''}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      data-testid={`filter-${props.name}`}
      aria-label={props.label}
    >
      <option value="">any {props.label}</option>
      {props.values.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
}
