import { z } from 'zod';
import { TicketStatus } from './tickets.ts';

/** Assets and configuration items (配置项, issue 14). */

export const ASSET_STATUSES = ['in_use', 'in_stock', 'in_repair', 'retired', 'disposed'] as const;
export const AssetStatus = z.enum(ASSET_STATUSES);
export type AssetStatus = z.infer<typeof AssetStatus>;

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export const Criticality = z.enum(CRITICALITIES);
export type Criticality = z.infer<typeof Criticality>;

/**
 * `runs_on`: the source runs on the target (an application on a server); `depends_on`: the
 * source needs the target (a service on the network); `part_of`: the source is a component of
 * the target (a disk of a server). Cycles are refused for `runs_on` and `part_of` (a thing
 * cannot run on or be part of itself through others); `depends_on` may form cycles (two
 * services that call each other).
 */
export const RELATION_KINDS = ['runs_on', 'depends_on', 'part_of'] as const;
export const RelationKind = z.enum(RELATION_KINDS);
export type RelationKind = z.infer<typeof RelationKind>;

const text = (max: number) => z.string().trim().max(max);

/** A text in both interface languages. */
export const LocalizedText = z.object({ 'zh-CN': text(100).min(1), en: text(100).min(1) });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const FIELD_TYPES = ['text', 'number', 'date', 'select'] as const;

/** One custom field a type declares. */
export const AssetTypeField = z
  .object({
    key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/, 'a field key is a letter then letters, digits or _'),
    label: LocalizedText,
    type: z.enum(FIELD_TYPES),
    options: z.array(text(100).min(1)).max(100).optional(),
    required: z.boolean().default(false),
  })
  .refine((f) => f.type !== 'select' || (f.options?.length ?? 0) > 0, {
    message: 'a select field needs options',
    path: ['options'],
  });
export type AssetTypeField = z.infer<typeof AssetTypeField>;

export const AssetTypeKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'a type key is lowercase letters, digits or _');

export const AssetTypeInput = z.object({
  key: AssetTypeKey,
  label: LocalizedText,
  fields: z
    .array(AssetTypeField)
    .max(50)
    .refine((fields) => new Set(fields.map((f) => f.key)).size === fields.length, 'field keys are unique')
    .default([]),
});
export type AssetTypeInput = z.infer<typeof AssetTypeInput>;
export const UpdateAssetTypeInput = AssetTypeInput.omit({ key: true }).partial();
export type UpdateAssetTypeInput = z.infer<typeof UpdateAssetTypeInput>;

export const AssetTypeDto = z.object({
  key: z.string(),
  label: LocalizedText,
  fields: z.array(
    z.object({
      key: z.string(),
      label: LocalizedText,
      type: z.enum(FIELD_TYPES),
      options: z.array(z.string()).optional(),
      required: z.boolean(),
    }),
  ),
  builtin: z.boolean(),
});
export type AssetTypeDto = z.infer<typeof AssetTypeDto>;

/** Custom field values: text, number or date (YYYY-MM-DD) as the type declares; validated on the server. */
export const CustomFieldValues = z.record(z.string(), z.union([z.string().max(2000), z.number(), z.null()]));

const serial = text(100);

export const CreateAssetInput = z.object({
  name: text(200).min(1),
  type: AssetTypeKey,
  serialNumber: serial.nullable().optional(),
  location: text(200).nullable().optional(),
  ownerId: z.number().int().positive().nullable().optional(),
  status: AssetStatus.default('in_use'),
  criticality: Criticality.default('medium'),
  customFields: CustomFieldValues.default({}),
});
export type CreateAssetInput = z.input<typeof CreateAssetInput>;

export const UpdateAssetInput = z
  .object({
    name: text(200).min(1),
    type: AssetTypeKey,
    serialNumber: serial.nullable(),
    location: text(200).nullable(),
    ownerId: z.number().int().positive().nullable(),
    status: AssetStatus,
    criticality: Criticality,
    customFields: CustomFieldValues,
  })
  .partial();
export type UpdateAssetInput = z.infer<typeof UpdateAssetInput>;

export const AssetSummaryDto = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string(),
  serialNumber: z.string().nullable(),
  location: z.string().nullable(),
  owner: z.object({ id: z.number(), name: z.string() }).nullable(),
  status: AssetStatus,
  criticality: Criticality,
  customFields: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AssetSummaryDto = z.infer<typeof AssetSummaryDto>;

export const AssetRef = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string(),
  criticality: Criticality,
  status: AssetStatus,
});

export const AssetRelationDto = z.object({
  id: z.number(),
  kind: RelationKind,
  /** `outgoing`: this asset is the source ("app runs_on server" seen from the app). */
  direction: z.enum(['outgoing', 'incoming']),
  asset: AssetRef,
  createdAt: z.string(),
});
export type AssetRelationDto = z.infer<typeof AssetRelationDto>;

export const AssetTicketDto = z.object({
  id: z.number(),
  number: z.number(),
  subject: z.string(),
  status: TicketStatus,
  type: z.string(),
  createdAt: z.string(),
});

export const ReplacementDto = z.object({
  id: z.number(),
  assetId: z.number(),
  part: z.string(),
  oldSerial: z.string().nullable(),
  newSerial: z.string().nullable(),
  ticket: z.object({ id: z.number(), number: z.number(), subject: z.string() }).nullable(),
  partStockId: z.number().nullable(),
  actor: z.object({ id: z.number(), name: z.string() }).nullable(),
  at: z.string(),
});
export type ReplacementDto = z.infer<typeof ReplacementDto>;

export const AssetDto = AssetSummaryDto.extend({
  relations: z.array(AssetRelationDto),
  tickets: z.array(AssetTicketDto),
  replacements: z.array(ReplacementDto),
});
export type AssetDto = z.infer<typeof AssetDto>;

export const AssetListQuery = z.object({
  q: text(200).optional(),
  type: AssetTypeKey.optional(),
  status: AssetStatus.optional(),
  criticality: Criticality.optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type AssetListQuery = z.infer<typeof AssetListQuery>;

export const AssetPageDto = z.object({
  items: z.array(AssetSummaryDto),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type AssetPageDto = z.infer<typeof AssetPageDto>;

export const CreateRelationInput = z.object({
  kind: RelationKind,
  /** The other end: this asset `kind` the target (runs_on, depends_on, part_of). */
  targetId: z.number().int().positive(),
});
export type CreateRelationInput = z.infer<typeof CreateRelationInput>;

export const RelationParams = z.object({
  id: z.coerce.number().int().positive(),
  relationId: z.coerce.number().int().positive(),
});

export const ReplacementInput = z.object({
  part: text(200).min(1),
  oldSerial: serial.nullable().optional(),
  newSerial: serial.nullable().optional(),
  ticketId: z.number().int().positive().nullable().optional(),
  /** A part kept in stock (/asset-parts): its quantity goes down by one. */
  partStockId: z.number().int().positive().nullable().optional(),
});
export type ReplacementInput = z.infer<typeof ReplacementInput>;

export const AssetPartDto = z.object({
  id: z.number(),
  name: z.string(),
  quantity: z.number(),
  updatedAt: z.string(),
});
export type AssetPartDto = z.infer<typeof AssetPartDto>;
export const AssetPartInput = z.object({
  name: text(200).min(1),
  quantity: z.number().int().min(0).max(1_000_000),
});
export const UpdateAssetPartInput = AssetPartInput.partial();

/** One error of a CSV import: the row (1 = the first data row after the header) and the column. */
export const ImportErrorDto = z.object({
  row: z.number(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export const AssetImportResultDto = z.object({
  dryRun: z.boolean(),
  rows: z.number(),
  created: z.number(),
  errors: z.array(ImportErrorDto),
  preview: z.array(
    z.object({
      row: z.number(),
      name: z.string(),
      type: z.string(),
      serialNumber: z.string().nullable(),
    }),
  ),
});
export type AssetImportResultDto = z.infer<typeof AssetImportResultDto>;
