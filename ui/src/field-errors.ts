import { ApiError } from './api';

/** A form's problems by field, in words. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/**
 * How a form names the request body's fields: `bodyFields` maps a body path (`expectedDataGb`,
 * `selector/regions`) to the form's field, `labels` names each field in a sentence.
 */
export interface FieldPlaces<F extends string> {
  bodyFields: Record<string, F>;
  labels: Record<F, string>;
}

/** The server's words for a failed field, as a sentence about that field ("body/expectedDataGb must be > 0" → "Expected data must be > 0"). */
function sentence(label: string, message: string): string {
  const text = /^(must|is|should|has|does)\b/.test(message) ? `${label} ${message}` : message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The form field a path names: its longest prefix the form knows (`body/regions/0` belongs to regions). */
function fieldAt<F extends string>(path: string, bodyFields: Record<string, F>): F | undefined {
  const parts = path.split('/').slice(1);
  for (let n = parts.length; n > 0; n -= 1) {
    const field = bodyFields[parts.slice(0, n).join('/')];
    if (field) return field;
  }
  return undefined;
}

/**
 * Places each problem of a refused request under its field: a schema failure's details name their
 * paths, a rule's details name the body fields it is about (`{ prodWaveSize: 0 }`, the message then
 * being the rule's); what belongs to no field is returned as the rest.
 */
export function fieldErrorsOf<F extends string>(error: unknown, places: FieldPlaces<F>): { fields: FieldErrors<F>; rest: unknown } {
  if (!(error instanceof ApiError)) return { fields: {}, rest: error };
  const problems: Array<{ field: F | undefined; message: string }> = Array.isArray(error.details)
    ? (error.details as Array<{ path?: string; message?: string }>).map((d) => ({
        field: fieldAt(d.path ?? '', places.bodyFields),
        message: d.message ?? 'is not valid',
      }))
    : error.details && typeof error.details === 'object'
      ? Object.keys(error.details).map((key) => ({
          field: places.bodyFields[key],
          // "prodWaveSize must be…" reads as the field's label: "Prod clusters per wave must be…".
          message: error.message.startsWith(`${key} `) ? error.message.slice(key.length + 1) : error.message,
        }))
      : [];
  const fields: FieldErrors<F> = {};
  let unplaced = 0;
  for (const { field, message } of problems) {
    if (!field) {
      unplaced += 1;
      continue;
    }
    const line = sentence(places.labels[field], message);
    fields[field] = fields[field] ? `${fields[field]} ${line}` : line;
  }
  return { fields, rest: unplaced > 0 || Object.keys(fields).length === 0 ? error : null };
}
