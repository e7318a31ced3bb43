import { z } from 'zod';
import { ApproverRules } from './approvals.ts';

/** Service catalog (KB-5, issue 13): items with a form, an approval, fulfilment tasks and a guide. */

const text = (max: number) => z.string().trim().max(max);
const positiveId = z.number().int().positive();

export const Bilingual = z.object({ 'zh-CN': text(200).min(1), en: text(200).min(1) });
export type Bilingual = z.infer<typeof Bilingual>;

export const FIELD_TYPES = [
  'text',
  'textarea',
  'select',
  'multiselect',
  'date',
  'user',
  'number',
  'attachment',
] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

export const FieldOption = z.object({ value: text(100).min(1), label: Bilingual });
export type FieldOption = z.infer<typeof FieldOption>;

/** Show the field only when another field's answer equals (or, for a multiselect, contains) a value. */
export const ShowIf = z.object({
  key: text(60).min(1),
  equals: z.union([z.string().max(100), z.number(), z.boolean()]),
});
export type ShowIf = z.infer<typeof ShowIf>;

export const FormField = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,59}$/, 'a key is lowercase letters, digits and _, starting with a letter'),
  label: Bilingual,
  type: FieldType,
  required: z.boolean().default(false),
  options: z.array(FieldOption).max(100).optional(),
  showIf: ShowIf.nullable().optional(),
});
export type FormField = z.infer<typeof FormField>;

export const ApprovalMode = z.enum(['all', 'any', 'sequence']);
export const CatalogApproval = z
  .object({
    approverIds: z.array(positiveId).max(20),
    /** Approvers by rule (a team's lead, the requester's manager), asked after approverIds. */
    approverRules: ApproverRules.default([]),
    mode: ApprovalMode,
  })
  .refine((approval) => approval.approverIds.length + approval.approverRules.length > 0, {
    message: 'an approval needs at least one approver or rule',
    path: ['approverIds'],
  });
export type CatalogApproval = z.infer<typeof CatalogApproval>;

export const FulfilmentTask = z.object({ title: text(200).min(1), teamId: positiveId });
export type FulfilmentTask = z.infer<typeof FulfilmentTask>;
export const TaskOrder = z.enum(['sequential', 'parallel']);

const itemFields = {
  parentId: positiveId.nullable(),
  name: Bilingual,
  description: z.object({ 'zh-CN': text(5000), en: text(5000) }),
  form: z.array(FormField).max(50),
  approval: CatalogApproval.nullable(),
  tasks: z.array(FulfilmentTask).max(20),
  taskOrder: TaskOrder,
  slaPolicyId: positiveId.nullable(),
  /** The standard-request answer: a self-help guide text, or a knowledge article. */
  guide: text(20000).nullable(),
  articleId: positiveId.nullable(),
  published: z.boolean(),
};

export const CreateCatalogItemInput = z.object({
  ...itemFields,
  parentId: itemFields.parentId.default(null),
  description: itemFields.description.default({ 'zh-CN': '', en: '' }),
  form: itemFields.form.default([]),
  approval: itemFields.approval.default(null),
  tasks: itemFields.tasks.default([]),
  taskOrder: itemFields.taskOrder.default('sequential'),
  slaPolicyId: itemFields.slaPolicyId.default(null),
  guide: itemFields.guide.default(null),
  articleId: itemFields.articleId.default(null),
  published: itemFields.published.default(false),
});
export type CreateCatalogItemInput = z.infer<typeof CreateCatalogItemInput>;

export const UpdateCatalogItemInput = z.object(itemFields).partial();
export type UpdateCatalogItemInput = z.infer<typeof UpdateCatalogItemInput>;

export const CatalogItemDto = z.object({
  id: z.number(),
  ...itemFields,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CatalogItemDto = z.infer<typeof CatalogItemDto>;

export const CatalogItemList = z.object({ items: z.array(CatalogItemDto) });

/** An answer: text, a number, a user id, an attachment id, a list of options. */
export const AnswerValue = z.union([
  z.string().max(20000),
  z.number(),
  z.array(z.string().max(100)).max(100),
]);
export type AnswerValue = z.infer<typeof AnswerValue>;
export const Answers = z.record(z.string().max(60), AnswerValue);
export type Answers = z.infer<typeof Answers>;

export const CreateServiceRequestInput = z.object({ answers: Answers.default({}) });
export type CreateServiceRequestInput = z.infer<typeof CreateServiceRequestInput>;

export const ServiceRequestStatus = z.enum([
  'awaiting_approval',
  'in_fulfilment',
  'fulfilled',
  'rejected',
  'cancelled',
]);
export type ServiceRequestStatus = z.infer<typeof ServiceRequestStatus>;

export const TaskStatus = z.enum(['waiting', 'open', 'done']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const FulfilmentTaskDto = z.object({
  id: z.number(),
  ticketId: z.number(),
  position: z.number(),
  title: z.string(),
  teamId: z.number(),
  teamName: z.string().nullable(),
  status: TaskStatus,
  doneById: z.number().nullable(),
  doneAt: z.string().nullable(),
});
export type FulfilmentTaskDto = z.infer<typeof FulfilmentTaskDto>;
export const FulfilmentTaskList = z.object({ items: z.array(FulfilmentTaskDto) });

export const UpdateTaskInput = z.object({ status: z.literal('done') });

/** One answer as the ticket page shows it: the field's label and the answer in words. */
export const ShownAnswer = z.object({
  key: z.string(),
  label: Bilingual,
  type: FieldType,
  value: AnswerValue,
  /** The answer in words: option labels instead of their values. */
  text: z.object({ 'zh-CN': z.string(), en: z.string() }),
});

export const ServiceRequestDto = z.object({
  id: z.number(),
  ticketId: z.number(),
  itemId: z.number(),
  itemName: Bilingual,
  status: ServiceRequestStatus,
  approvalId: z.number().nullable(),
  answers: z.array(ShownAnswer),
  tasks: z.array(FulfilmentTaskDto),
  createdAt: z.string(),
});
export type ServiceRequestDto = z.infer<typeof ServiceRequestDto>;

/**
 * The self-help answer a ticket got as a standard request (CL-4): whether one was sent, from
 * where, and whether its requester confirmed it solved the problem (counted as deflected).
 */
export const SelfHelpDto = z.object({
  offered: z.boolean(),
  source: z.enum(['knowledge', 'catalog']).nullable(),
  confirmedAt: z.string().nullable(),
  /** The reader is the requester and may confirm now. */
  canConfirm: z.boolean(),
});
export type SelfHelpDto = z.infer<typeof SelfHelpDto>;
