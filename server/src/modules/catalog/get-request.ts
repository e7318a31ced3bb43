import { eq } from 'drizzle-orm';
import type { FulfilmentTaskDto, ServiceRequestDto } from '../../../../contracts/catalog.ts';
import { catalogItems, catalogRequests } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { listTasks } from './tasks.ts';

/** The catalog request a ticket carries (its answers, as the form labelled them, and its tasks). */
export async function getServiceRequest(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
}): Promise<ServiceRequestDto> {
  const { tx, actor, ticketId } = options;
  await assertTicketVisible(tx, actor, ticketId);
  const [row] = await tx
    .select({ request: catalogRequests, nameZh: catalogItems.nameZh, nameEn: catalogItems.nameEn })
    .from(catalogRequests)
    .innerJoin(catalogItems, eq(catalogItems.id, catalogRequests.itemId))
    .where(eq(catalogRequests.ticketId, ticketId));
  if (!row) throw new AppError('not_found');
  const { request } = row;
  const answers = request.form.flatMap((field) => {
    const value = request.answers[field.key];
    if (value === undefined) return [];
    const text = (lang: 'zh-CN' | 'en') => {
      const word = (v: string) => field.options?.find((o) => o.value === v)?.label[lang] ?? v;
      return Array.isArray(value) ? value.map(word).join(lang === 'en' ? ', ' : '、') : word(String(value));
    };
    return [
      {
        key: field.key,
        label: field.label,
        type: field.type,
        value,
        text: { 'zh-CN': text('zh-CN'), en: text('en') },
      },
    ];
  });
  return {
    id: request.id,
    ticketId,
    itemId: request.itemId,
    itemName: { 'zh-CN': row.nameZh, en: row.nameEn },
    status: request.status,
    approvalId: request.approvalId,
    answers,
    tasks: await listTasks(tx, ticketId),
    createdAt: request.createdAt.toISOString(),
  };
}

/** A ticket's fulfilment tasks (empty when it has none), for whoever may see the ticket. */
export async function getTicketTasks(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
}): Promise<FulfilmentTaskDto[]> {
  await assertTicketVisible(options.tx, options.actor, options.ticketId);
  return listTasks(options.tx, options.ticketId);
}
