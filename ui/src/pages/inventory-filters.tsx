import { FilterSelect, useFilterChoices } from '../components/filter-select';

export type InventoryFilters = Partial<Record<'q' | 'engine' | 'environment' | 'region' | 'status' | 'owner', string>>;

/** Choosing DECOMMISSIONED lists them even with "show decommissioned" off: an explicit status wins. */
const statuses = ['PROVISIONING', 'ACTIVE', 'UPDATING', 'FAILED', 'DECOMMISSIONING', 'DECOMMISSIONED'];

/** The inventory's filter bar: a name search, a drop-down per field, and whether to show decommissioned clusters. */
export function InventoryFilterBar({
  filters,
  onChange,
  showDecommissioned,
  onShowDecommissioned,
}: {
  filters: InventoryFilters;
  onChange: (key: keyof InventoryFilters, value: string) => void;
  showDecommissioned: boolean;
  onShowDecommissioned: (show: boolean) => void;
}) {
  const choices = useFilterChoices();
  const select = (key: 'engine' | 'environment' | 'region' | 'status' | 'owner', values: readonly string[]) => (
    <FilterSelect name={key} label={key} value={filters[key]} values={values} onChange={(v) => onChange(key, v)} />
  );

  return (
    <>
      <input
        type="search"
        maxLength={40}
        placeholder="name contains…"
        value={filters.q ?? ''}
        onInput={(e) => onChange('q', e.currentTarget.value)}
        data-testid="filter-q"
      />
      {select('engine', choices.engine)}
      {select('environment', ['test', 'prod'])}
      {select('region', choices.region)}
      {select('status', statuses)}
      {select('owner', choices.owner)}
      <label class="check">
        <input
          type="checkbox"
          checked={showDecommissioned}
          onChange={(e) => onShowDecommissioned(e.currentTarget.checked)}
          data-testid="filter-decommissioned"
        />{' '}
        show decommissioned
      </label>
    </>
  );
}
