import AjvCompiler from '@fastify/ajv-compiler';

type ValidatorFactory = ReturnType<typeof AjvCompiler>;
type ExternalSchemas = Parameters<ValidatorFactory>[0];
type RouteSchema = { schema: unknown; method: string; url: string; httpPart?: string };

const shared = { removeAdditional: false, useDefaults: true, allErrors: true } as const;

/**
 * Two validators: a JSON body is taken exactly as typed (`"10"` is not a number, `"a"` is not a
 * list), while the URL parts, which are text by nature, are coerced ("10" → 10, `?a=x` → ["x"]).
 * Every problem is reported at once (allErrors), not only the first one met. A body's number must
 * be finite (`strictNumbers`: `1e400` parses to Infinity); the URL parts get the same rule in the
 * input guards, after coercion.
 */
export function strictBodyValidators(): ValidatorFactory {
  const pool = AjvCompiler();
  const factory = (externalSchemas: ExternalSchemas) => {
    const body = pool(externalSchemas, { customOptions: { ...shared, coerceTypes: false, strictNumbers: true } });
    const url = pool(externalSchemas, { customOptions: { ...shared, coerceTypes: 'array' } });
    return (route: RouteSchema) => (route.httpPart === 'body' ? body : url)(route as never);
  };
  return factory as unknown as ValidatorFactory;
}
