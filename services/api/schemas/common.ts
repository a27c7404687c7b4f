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

/** A string that must be one of `values`: an OpenAPI enum, typed as the union of the values. */
/**
 * An engine's name. The set is the engine registry's (GET /api/engines), checked where the request is
 * handled, which names the engines there are: the schema only keeps the shape.
 */
export const EngineNameSchema = Type.String({
  pattern: '^[a-z][a-z0-9-]{0,39}$',
  description: 'an engine the registry has (GET /api/engines)',
});

export const StringEnum = <T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/** Route hook: a request that may omit its JSON body is validated as an empty object. */
export async function emptyBodyAsObject(request: { body: unknown }): Promise<void> {
  request.body ??= {};
}
