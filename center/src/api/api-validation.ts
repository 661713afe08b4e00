import type { TSchema } from '@sinclair/typebox';
import { check, registerFormats } from '@vaultline/shared/contract/validate';
import type { FastifyInstance } from 'fastify';

/**
 * Requests are checked with the same TypeBox validation as every other boundary of the product, so a
 * refusal reads like the others (`body/note must be at least 1 characters long`). Answers are written
 * with plain JSON.stringify: their schemas document the API, they do not filter what is sent.
 */
export function installValidation(app: FastifyInstance): void {
  registerFormats();
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const part = httpPart ?? 'request';
    return (data: unknown) => {
      // fastify hands an absent body over as null.
      if (part === 'body' && data === null)
        return { error: new Error('body is required: send a JSON object') };
      const result = check(schema as TSchema, data);
      if (result.ok) return { value: data };
      const problems = result.errors.map((problem) => `${part}${problem}`);
      return { error: new Error(problems.join('; ')) };
    };
  });
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
