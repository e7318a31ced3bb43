import fastJson from 'fast-json-stringify';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * `anyOf: [X, {type: 'null'}]` (zod's `.nullable()` in JSON Schema) as `X` with
 * `nullable: true`, which fast-json-stringify writes directly instead of trying each branch
 * with a validator at run time.
 */
function nullableBranches(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableBranches);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) out[key] = nullableBranches(value);
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullAt = anyOf.findIndex(
      (branch: JsonSchema) => branch.type === 'null' && Object.keys(branch).length === 1,
    );
    const other = anyOf[1 - nullAt] as JsonSchema | undefined;
    if (nullAt >= 0 && other && other.type !== undefined && other.anyOf === undefined) {
      const { anyOf: _, ...rest } = out;
      return { ...rest, ...other, nullable: true };
    }
  }
  return out;
}

/**
 * A route's `serializerCompiler` that writes the response with fast-json-stringify, compiled
 * from the response's zod schema (the same schema the API docs show), instead of
 * fastify-type-provider-zod's check of the whole answer followed by JSON.stringify. For hot
 * routes whose answer the use case has already built to that schema (its TypeScript type):
 * the ticket read (issue 18), where it cut the serialisation from about 14 to 6 µs per read.
 * Like zod's, it writes only the schema's properties; a missing required one is an error.
 */
export function fastSerializerCompiler({ schema }: { schema: unknown }): (data: unknown) => string {
  if (!(schema instanceof z.ZodType))
    throw new Error('fastSerializerCompiler: a zod response schema is needed');
  const json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7' });
  return fastJson(nullableBranches(json) as Parameters<typeof fastJson>[0]);
}
