import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Engine, Region, Team } from '../types';
import { ErrorNote } from '../components/error-note';
import { FieldError } from '../components/field-error';
import { SelectField, type Choice } from '../components/select-field';
import { useDryRun } from '../dry-run';
import { campaignHref, navigate } from '../links';
import { CampaignPlanPreview } from './campaign-plan-preview';
import type { CampaignPlan, CampaignView } from './campaign-types';
import {
  campaignBodyOf,
  campaignFieldErrorsOf,
  newCampaignDraft,
  planReady,
  type CampaignDraft,
  type CampaignFieldErrors,
} from './campaign-draft';

const toggled = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((x) => x !== value));

/** The form's drop-downs. */
type SelectFieldName = 'engine' | 'toVersion' | 'toInstanceType' | 'fromVersion';
const choicesOf = (values: string[]): Choice[] => values.map((v) => ({ value: v, label: v }));

/** The form's numeric fields (kept as typed, so an empty one stays empty). */
type NumberFieldName = 'prodWaveSize' | 'inFlight' | 'soakMinutes' | 'failureBudget' | 'benchmarkSeconds';

function NumberField(props: {
  field: NumberFieldName;
  label: string;
  draft: CampaignDraft;
  errors: CampaignFieldErrors;
  update: (patch: Partial<CampaignDraft>) => void;
  testId: string;
  hint: string;
}) {
  const { field, errors } = props;
  return (
    <label class={errors[field] ? 'invalid' : undefined}>
      {props.label}
      <input
        type="number"
        min="0"
        value={props.draft[field]}
        onInput={(e) => props.update({ [field]: e.currentTarget.value })}
        aria-invalid={Boolean(errors[field])}
        data-testid={props.testId}
      />
      {errors[field] ? <FieldError field={field} errors={errors} /> : <span class="hint">{props.hint}</span>}
    </label>
  );
}

function Checkboxes(props: { legend: string; names: string[]; chosen: string[]; onChange: (chosen: string[]) => void; testId: string }) {
  return (
    <fieldset data-testid={`campaign-${props.testId}s`}>
      <legend>{props.legend}</legend>
      {props.names.map((name) => (
        <label key={name} class="region">
          <input
            type="checkbox"
            checked={props.chosen.includes(name)}
            onChange={(e) => props.onChange(toggled(props.chosen, name, e.currentTarget.checked))}
            data-testid={`campaign-${props.testId}-${name}`}
          />{' '}
          {name}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Plan an upgrade campaign and start it: which clusters (selector), to what (a version, an instance
 * type, or both), how fast; the waves preview is the server's dry run of the body Start posts, and
 * its refusal is placed under the fields it names.
 */
export function NewCampaign() {
  const [engines, setEngines] = useState<Engine[]>([]);
  const [regions, setRegions] = useState<Region[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [instanceTypes, setInstanceTypes] = useState<string[]>([]);
  const [draft, setDraft] = useState<CampaignDraft>(newCampaignDraft);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [refusal, setRefusal] = useState<{ fields: CampaignFieldErrors; rest: unknown }>({ fields: {}, rest: null });
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<Engine[]>('/api/engines').then(setEngines, setLoadError);
    api<Region[]>('/api/regions').then(setRegions, setLoadError);
    api<Team[]>('/api/teams').then(setTeams, setLoadError);
    api<Array<{ name: string }>>('/api/instance-types').then((types) => setInstanceTypes(types.map((t) => t.name)), setLoadError);
  }, []);
  const update = (patch: Partial<CampaignDraft>) => {
    setDraft({ ...draft, ...patch });
    setRefusal({ fields: {}, rest: null });
  };
  const engine = engines.find((e) => e.name === draft.engine);
  const versions = engine?.versions.map((v) => v.version) ?? [];
  // No plan is asked while Start is on its way (the answer would race the campaign it starts).
  const { answer: plan, problem } = useDryRun<CampaignPlan>(
    '/api/campaigns/plan',
    planReady(draft) && !busy ? campaignBodyOf(draft) : null,
    300,
  );
  const previewed = campaignFieldErrorsOf(problem);
  const errors: CampaignFieldErrors = { ...previewed.fields, ...refusal.fields };

  const start = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const view = await api<CampaignView>('/api/campaigns', { method: 'POST', body: campaignBodyOf(draft) });
      navigate(campaignHref(view.campaign.id));
    } catch (err) {
      setRefusal(campaignFieldErrorsOf(err));
    } finally {
      setBusy(false);
    }
  };
  // A new engine has other versions: the chosen ones go.
  const change = (field: SelectFieldName, value: string) =>
    update(field === 'engine' ? { engine: value, fromVersion: '', toVersion: '' } : { [field]: value });
  const selectField = (field: SelectFieldName, label: string, choices: Choice[], testId: string) => (
    <>
      <SelectField label={label} value={draft[field]} choices={choices} onChange={(value) => change(field, value)} testId={testId} />
      <FieldError field={field} errors={errors} />
    </>
  );
  const numberField = (field: NumberFieldName, label: string, testId: string, hint: string) => (
    <NumberField field={field} label={label} draft={draft} errors={errors} update={update} testId={testId} hint={hint} />
  );

  return (
    <main class="wide-form">
      <h1>Plan an upgrade campaign</h1>
      <p class="muted">
        Test clusters first, then prod in waves from least to most critical; each cluster is gated by before/after benchmarks and rolled
        back on a regression. Nothing starts until you press Start.
      </p>
      <div class="form-with-errors">
        <form class="form" onSubmit={start} data-testid="campaign-form" noValidate>
          <label class={errors.name ? 'invalid' : undefined}>
            Name
            <input value={draft.name} onInput={(e) => update({ name: e.currentTarget.value })} data-testid="campaign-name" />
            <FieldError field="name" errors={errors} />
          </label>
          {selectField(
            'engine',
            'Engine',
            engines.map((en) => ({ value: en.name, label: en.displayName })),
            'campaign-engine',
          )}
          {selectField(
            'toVersion',
            'Target version',
            [{ value: '', label: 'keep each cluster’s version' }, ...choicesOf(versions)],
            'campaign-to-version',
          )}
          {selectField(
            'toInstanceType',
            'Target instance type',
            [{ value: '', label: 'keep each cluster’s type' }, ...choicesOf(instanceTypes)],
            'campaign-to-instance-type',
          )}
          <span class="hint">a version, an instance type, or both</span>
          {selectField(
            'fromVersion',
            'Only clusters on version',
            [{ value: '', label: 'any version' }, ...choicesOf(versions)],
            'campaign-from-version',
          )}
          <Checkboxes
            legend="Regions (none: all)"
            names={regions.filter((r) => r.engines.includes(draft.engine)).map((r) => r.name)}
            chosen={draft.regions}
            onChange={(chosen) => update({ regions: chosen })}
            testId="region"
          />
          <FieldError field="regions" errors={errors} />
          <Checkboxes
            legend="Owner teams (none: all)"
            names={teams.map((t) => t.name)}
            chosen={draft.owners}
            onChange={(chosen) => update({ owners: chosen })}
            testId="owner"
          />
          <FieldError field="owners" errors={errors} />
          <label class={errors.tags ? 'invalid' : undefined}>
            Tags
            <input
              value={draft.tags}
              placeholder="tier=gold, team=orders"
              onInput={(e) => update({ tags: e.currentTarget.value })}
              data-testid="campaign-tags"
            />
            {errors.tags ? <FieldError field="tags" errors={errors} /> : <span class="hint">every tag must match</span>}
          </label>
          {numberField('prodWaveSize', 'Prod clusters per wave', 'campaign-wave-size', 'test clusters form the first wave')}
          {numberField('inFlight', 'Upgrading at once', 'campaign-in-flight', 'within a wave')}
          {numberField('soakMinutes', 'Soak (minutes)', 'campaign-soak', 'wait after each wave before the next')}
          {numberField(
            'failureBudget',
            'Failure budget',
            'campaign-failure-budget',
            'failed or rolled-back clusters tolerated; one more halts the campaign',
          )}
          {numberField(
            'benchmarkSeconds',
            'Benchmark seconds',
            'campaign-benchmark-seconds',
            "each upgrade's before and after workload (empty: the server's default)",
          )}
          <button type="submit" disabled={busy || !plan} data-testid="campaign-start">
            {busy ? 'Starting…' : 'Start campaign'}
          </button>
          <ErrorNote error={loadError ?? refusal.rest ?? previewed.rest} testId="campaign-error" />
        </form>
        <div class="preview">
          {plan ? (
            <CampaignPlanPreview plan={plan} />
          ) : (
            <p class="muted" data-testid="plan-waiting">
              {problem
                ? 'The server refused this plan: correct what is marked to see its waves.'
                : 'Name the campaign and choose a target version, an instance type or both to see its waves.'}
            </p>
          )}
        </div>
      </div>
    </main>
  );
}
