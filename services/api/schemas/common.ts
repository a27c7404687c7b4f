import { Type, type TSchema } from '@sinclair/typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse' },
);

/** The 4xx answers every route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Printable text only: no control characters (NUL among them, which PostgreSQL refuses). */
export const NO_CONTROL_CHARS = '^[^\\u0000-\\u001f\\u007f]*$';
export const PlainText = (options: { minLength?: number; maxLength: number; description?: string }) =>
  Type.String({ pattern: NO_CONTROL_CHARS, ...options });

export const IdOrName = Type.Object(
  { ref: PlainText({ minLength: 1, maxLength: 64, description: 'id or name' }) },
  { additionalProperties: false },
);
export const IdParam = Type.Object({ id: PlainText({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const Timestamp = Type.String({ format: 'date-time' });

/** What a day-2 change does to the cluster's monthly cost, in USD. */
export const MonthlyCostChange = Type.Object({ before: Type.Number(), after: Type.Number(), difference: Type.Number() });

/** A string that must be one of `values`: an OpenAPI enum, typed as the union of the values. */
/** The format name under which the API's validators check a name against the engine registry. */
export const ENGINE_NAME_FORMAT = 'engine-name';

/**
 * An engine's name. The set is the engine registry's (GET /api/engines): the API's validators are
 * built with the registry's names (`strictBodyValidators`), so an unknown engine is one more problem
 * of the same answer, listing the engines there are.
 */
/** An engine's name in an answer: the server wrote it, so it is described, not checked. */
export const EngineNameText = Type.String({ description: 'an engine the registry has (GET /api/engines)' });

export const EngineNameSchema = Type.String({
  format: ENGINE_NAME_FORMAT,
  maxLength: 40,
  description: 'an engine the registry has (GET /api/engines)',
});

export const StringEnum = <T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/** Route hook: a request that may omit its JSON body is validated as an empty object. */
export async function emptyBodyAsObject(request: { body: unknown }): Promise<void> {
  request.body ??= {};
}
