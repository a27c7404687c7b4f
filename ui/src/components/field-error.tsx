/** A field's problem, in words, under the field (`field-error-<field>`); nothing when it has none. */
export function FieldError<F extends string>({ field, errors }: { field: F; errors: Partial<Record<F, string>> }) {
  const message = errors[field];
  return message ? (
    <span class="field-error" role="alert" data-testid={`field-error-${field}`}>
      {message}
    </span>
  ) : null;
}
