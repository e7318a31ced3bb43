import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  pgView,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  ASSET_STATUSES,
  type AssetTypeField,
  CRITICALITIES,
  type LocalizedText,
  RELATION_KINDS,
} from '../../../../contracts/assets.ts';
import { at, id, ref } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

/**
 * The kinds of asset (issue 14): built-in ones (device, server, ...) and those an administrator
 * adds, each with the custom fields its assets carry.
 */
export const assetTypes = pgTable('asset_types', {
  key: text('key').primaryKey(),
  label: jsonb('label').$type<LocalizedText>().notNull(),
  fields: jsonb('fields').$type<AssetTypeField[]>().notNull().default([]),
  builtin: boolean('builtin').notNull().default(false),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** An asset or configuration item (配置项): a laptop, a server, a service. */
export const assets = pgTable(
  'assets',
  {
    id: id(),
    name: text('name').notNull(),
    type: text('type')
      .notNull()
      .references(() => assetTypes.key, { onUpdate: 'cascade' }),
    serialNumber: text('serial_number'),
    location: text('location'),
    ownerId: ref('owner_id').references(() => users.id),
    status: text('status', { enum: ASSET_STATUSES }).notNull().default('in_use'),
    criticality: text('criticality', { enum: CRITICALITIES }).notNull().default('medium'),
    customFields: jsonb('custom_fields')
      .$type<Record<string, string | number | null>>()
      .notNull()
      .default({}),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('assets_serial_number_key').on(t.serialNumber).where(sql`serial_number is not null`),
    index('assets_type_idx').on(t.type),
    index('assets_owner_idx').on(t.ownerId),
    index('assets_name_idx').on(sql`lower(${t.name})`),
  ],
);

/** `from` runs on / depends on / is part of `to`. */
export const assetRelations = pgTable(
  'asset_relations',
  {
    id: id(),
    fromAssetId: ref('from_asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: RELATION_KINDS }).notNull(),
    toAssetId: ref('to_asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
    createdBy: ref('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('asset_relations_unique').on(t.fromAssetId, t.kind, t.toAssetId),
    index('asset_relations_to_idx').on(t.toAssetId),
    check('asset_relations_not_self', sql`${t.fromAssetId} <> ${t.toAssetId}`),
  ],
);

/** Which tickets are about which assets. */
export const assetTickets = pgTable(
  'asset_tickets',
  {
    assetId: ref('asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    linkedBy: ref('linked_by').references(() => users.id),
    linkedAt: at('linked_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.ticketId] }), index('asset_tickets_ticket_idx').on(t.ticketId)],
);

/** Spare parts kept in stock (备件库存). */
export const assetParts = pgTable(
  'asset_parts',
  {
    id: id(),
    name: text('name').notNull(),
    quantity: integer('quantity').notNull().default(0),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('asset_parts_name_key').on(sql`lower(${t.name})`),
    check('asset_parts_quantity_nonnegative', sql`${t.quantity} >= 0`),
  ],
);

/** A part replaced in an asset (备件更换, RS-4): the asset's replacement history. */
export const assetReplacements = pgTable(
  'asset_replacements',
  {
    id: id(),
    assetId: ref('asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
    part: text('part').notNull(),
    oldSerial: text('old_serial'),
    newSerial: text('new_serial'),
    ticketId: ref('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    partStockId: ref('part_stock_id').references(() => assetParts.id, { onDelete: 'set null' }),
    actorId: ref('actor_id').references(() => users.id),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('asset_replacements_asset_idx').on(t.assetId, t.at)],
);

// Read models other modules may read (created by hand in the assets migration; docs/read-models.md).
/** Assets: the stored fields problems, changes and reports join. */
export const assetsView = pgView('assets_v', {
  id: ref('id').notNull(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  serialNumber: text('serial_number'),
  location: text('location'),
  ownerId: ref('owner_id'),
  status: text('status').notNull(),
  criticality: text('criticality').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
}).existing();

/** Ticket-asset links. */
export const assetTicketsView = pgView('asset_tickets_v', {
  assetId: ref('asset_id').notNull(),
  ticketId: ref('ticket_id').notNull(),
  linkedAt: at('linked_at').notNull(),
}).existing();

/** Relations between assets. */
export const assetRelationsView = pgView('asset_relations_v', {
  id: ref('id').notNull(),
  fromAssetId: ref('from_asset_id').notNull(),
  kind: text('kind').notNull(),
  toAssetId: ref('to_asset_id').notNull(),
}).existing();
