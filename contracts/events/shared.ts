import { z } from 'zod';

/** Building blocks of the event schemas (contracts/events.ts). */
export const id = z.number().int();
export const iso = z.string();
export const nullableIso = iso.nullable();
/** An id with the name it had when the event happened, so the timeline needs no look-up. */
export const NamedRef = z.object({ id, name: z.string().nullable() });
export const change = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value });
/** Field-by-field before/after of a settings or admin record (see audit `diff`). */
export const Changes = z.record(z.string(), change(z.unknown()));
export const none = z.object({});
