import { z } from 'zod';

/** The one error shape every 4xx/5xx answer has. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().meta({ example: 'ticket.not_found' }),
    message: z.string(),
    field: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Id = z.coerce.number().int().positive();
export const IdParams = z.object({ id: Id });

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

type WithoutDefault<S> = S extends z.ZodDefault<infer Inner> ? Inner : S;
type UpdateShape<T extends z.ZodRawShape> = { [K in keyof T]: z.ZodOptional<WithoutDefault<T[K]>> };

/**
 * The body of an edit (PATCH) made from a create schema: every field optional, and no create
 * default applied, so that an edit changes only the fields it names. (zod 4's `.partial()` keeps
 * the defaults: `{ name }` would come out as `{ name, active: true, events: [] }`.)
 */
export function updateSchema<T extends z.ZodRawShape>(schema: z.ZodObject<T>): z.ZodObject<UpdateShape<T>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    shape[key] = inner.optional();
  }
  return z.object(shape) as unknown as z.ZodObject<UpdateShape<T>>;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name that this runtime knows (a person's, a calendar's). */
export const TimeZoneName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'an IANA time zone like "Asia/Shanghai"');
