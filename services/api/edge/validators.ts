import AjvCompiler from '@fastify/ajv-compiler';
import { ENGINE_NAME_FORMAT } from '../schemas/common';

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
export function strictBodyValidators(engineNames: readonly string[]): ValidatorFactory {
  const pool = AjvCompiler();
  // The engine set is the registry's, not the schema's: a name is checked like any other field.
  const formats = { [ENGINE_NAME_FORMAT]: (name: string) => engineNames.includes(name) };
  const factory = (externalSchemas: ExternalSchemas) => {
    const body = pool(externalSchemas, { customOptions: { ...shared, formats, coerceTypes: false, strictNumbers: true } });
    const url = pool(externalSchemas, { customOptions: { ...shared, formats, coerceTypes: 'array' } });
    return (route: RouteSchema) => (route.httpPart === 'body' ? body : url)(route as never);
  };
  return factory as unknown as ValidatorFactory;
}
