import { z } from 'zod';
import { Changes, id } from './shared.ts';

/** The asset with its name at the time, so the timeline needs no look-up. */
const AssetRef = z.object({ id, name: z.string(), type: z.string() });

/**
 * Assets (配置项, issue 14). Links to tickets and replacements carry the ticket and show on its
 * timeline, for staff only (`internal`); the rest is in the audit log.
 */
export const ASSET_EVENTS = {
  'asset.created': {
    v: 1,
    data: z.object({
      name: z.string(),
      type: z.string(),
      serialNumber: z.string().nullable(),
      imported: z.boolean().optional(),
    }),
  },
  'asset.updated': { v: 1, data: z.object({ changes: Changes }) },
  'asset.linked': {
    v: 1,
    data: z.object({ asset: AssetRef, ticketId: id, internal: z.literal(true) }),
  },
  'asset.unlinked': {
    v: 1,
    data: z.object({ asset: AssetRef, ticketId: id, internal: z.literal(true) }),
  },
  'asset.relation_added': {
    v: 1,
    data: z.object({ relationId: id, kind: z.string(), from: AssetRef, to: AssetRef }),
  },
  'asset.relation_removed': {
    v: 1,
    data: z.object({ relationId: id, kind: z.string(), from: AssetRef, to: AssetRef }),
  },
  'asset.replacement': {
    v: 1,
    data: z.object({
      replacementId: id,
      asset: AssetRef,
      part: z.string(),
      oldSerial: z.string().nullable(),
      newSerial: z.string().nullable(),
      ticketId: id.nullable(),
      partStockId: id.nullable(),
      stockLeft: z.number().int().nullable(),
      internal: z.literal(true),
    }),
  },
  'asset.type_created': { v: 1, data: z.object({ key: z.string(), fields: z.number().int() }) },
  'asset.type_updated': { v: 1, data: z.object({ key: z.string(), changes: Changes }) },
  'asset.part_created': { v: 1, data: z.object({ name: z.string(), quantity: z.number().int() }) },
  'asset.part_updated': { v: 1, data: z.object({ name: z.string(), changes: Changes }) },
  'asset.imported': { v: 1, data: z.object({ rows: z.number().int(), created: z.number().int() }) },
} as const;
