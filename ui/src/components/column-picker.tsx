import { useState } from 'preact/hooks';

/** A "Columns" button that opens a row of checkboxes, one per column that can be shown. */
export function ColumnPicker({
  columns,
  visible,
  onToggle,
}: {
  columns: Array<{ key: string; label: string }>;
  visible: string[];
  onToggle: (key: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="column-picker">
        Columns ▾
      </button>
      {open ? (
        <div class="picker" data-testid="column-choices">
          {columns.map((c) => (
            <label key={c.key}>
              <input type="checkbox" checked={visible.includes(c.key)} onChange={() => onToggle(c.key)} data-testid={`column-${c.key}`} />{' '}
              {c.label}
            </label>
          ))}
        </div>
      ) : null}
    </>
  );
}
