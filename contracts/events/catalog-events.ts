import { z } from 'zod';
import { Changes, id } from './shared.ts';

const Name = z.object({ 'zh-CN': z.string(), en: z.string() });

/** The service catalog: items, requests made from them, their fulfilment tasks (issue 13). */
export const CATALOG_EVENTS = {
  'catalog.item_created': { v: 1, data: z.object({ name: Name, published: z.boolean() }) },
  'catalog.item_updated': { v: 1, data: z.object({ changes: Changes }) },
  'catalog.item_deleted': { v: 1, data: z.object({ name: Name }) },
  /** On the ticket's timeline: the request was made from this item (and waits for approval). */
  'catalog.requested': {
    v: 1,
    data: z.object({ requestId: id, itemId: id, itemName: Name, approvalId: id.nullable() }),
  },
  'catalog.tasks_created': {
    v: 1,
    data: z.object({
      requestId: id,
      order: z.enum(['sequential', 'parallel']),
      tasks: z.array(z.object({ taskId: id, title: z.string(), teamId: id })),
    }),
  },
  /** On the ticket's timeline: a standard request answered at once with the item's guide (CL-4). */
  'catalog.guide_sent': { v: 1, data: z.object({ itemId: id, itemName: Name }) },
  /** On the ticket's timeline: its requester confirmed the self-help guide solved it (a deflection, CL-4). */
  'catalog.deflection_confirmed': {
    v: 1,
    data: z.object({
      source: z.enum(['knowledge', 'catalog']),
      articleId: id.nullable(),
      itemId: id.nullable(),
    }),
  },
  'catalog.task_done': { v: 1, data: z.object({ requestId: id, taskId: id, title: z.string() }) },
  'catalog.request_fulfilled': { v: 1, data: z.object({ requestId: id }) },
  /** v2: the outcome `cancelled` (the approval was withdrawn). */
  'catalog.request_rejected': {
    v: 2,
    data: z.object({
      requestId: id,
      outcome: z.enum(['rejected', 'expired', 'cancelled']),
      comment: z.string().nullable(),
    }),
  },
} as const;
