export interface Choice {
  value: string;
  label: string;
}

/** A labelled drop-down: the forms' one way to pick from a list (engines, teams, regions, environments). */
export function SelectField(props: { label: string; value: string; choices: Choice[]; onChange: (value: string) => void; testId: string }) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} data-testid={props.testId}>
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export const environmentChoices = (first: 'test' | 'prod'): Choice[] =>
  (first === 'test' ? ['test', 'prod'] : ['prod', 'test']).map((e) => ({ value: e, label: e }));
