import { z } from 'zod';
import { Priority, TicketStatus } from './tickets.ts';

const TicketId = z.number().int().positive();

/** What a bulk action changes on each ticket: the fields of PATCH /tickets/:id that a queue needs. */
export const BulkTicketChanges = z
  .object({
    status: TicketStatus,
    assigneeId: TicketId.nullable(),
    teamId: TicketId.nullable(),
    /** An explicit priority needs `priorityReason`; null returns to the matrix. */
    priority: Priority.nullable(),
    priorityReason: z.string().trim().min(1).max(500),
  })
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, { message: 'nothing to change' });
export type BulkTicketChanges = z.infer<typeof BulkTicketChanges>;

/**
 * POST /tickets/bulk: the same changes on several tickets (`ticketIds` + `changes`), or each
 * ticket its own (`items`: what the undo of a bulk action sends back). One transaction; a
 * ticket that cannot take the change is reported and left as it was, the others are changed.
 */
export const BulkTicketInput = z
  .object({
    ticketIds: z.array(TicketId).min(1).max(200).optional(),
    changes: BulkTicketChanges.optional(),
    items: z
      .array(z.object({ ticketId: TicketId, changes: BulkTicketChanges }))
      .min(1)
      .max(200)
      .optional(),
  })
  .superRefine((input, context) => {
    const byList = input.ticketIds !== undefined || input.changes !== undefined;
    if (byList === (input.items !== undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['items'],
        message: 'send either ticketIds and changes, or items',
      });
    } else if (byList && (!input.ticketIds || !input.changes)) {
      context.addIssue({
        code: 'custom',
        path: [input.ticketIds ? 'changes' : 'ticketIds'],
        message: 'required',
      });
    }
  });
export type BulkTicketInput = z.infer<typeof BulkTicketInput>;

export const BulkTicketResult = z.object({
  results: z.array(
    z.object({
      ticketId: z.number(),
      number: z.number().nullable(),
      ok: z.boolean(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
  /** Sent back as is, it puts every changed ticket's fields back as they were. */
  undo: z
    .object({ items: z.array(z.object({ ticketId: z.number(), changes: BulkTicketChanges })) })
    .nullable(),
});
export type BulkTicketResult = z.infer<typeof BulkTicketResult>;
