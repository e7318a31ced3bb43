import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, IdParams } from '../../../../contracts/common.ts';
import { BulkTicketInput, BulkTicketResult } from '../../../../contracts/ticket-bulk.ts';
import {
  AttachmentDto,
  CategoryDto,
  CreateCategoryInput,
  CreateLinkInput,
  CreateMessageInput,
  CreateSavedViewInput,
  CreateTicketInput,
  ImportResult,
  ListTicketsQuery,
  MessageDto,
  PriorityMatrix,
  SavedViewDto,
  TicketDto,
  TicketLinkDto,
  TicketSummaryDto,
  TimelineEventDto,
  UpdateTicketInput,
} from '../../../../contracts/tickets.ts';
import { withPreparedStatements } from '../../platform/db/database.ts';
import { requestLocale, requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { fastSerializerCompiler } from '../../platform/http/fast-serializer.ts';
import { uploadParts } from '../../platform/http/multipart.ts';
import { FileStore } from '../../platform/storage/file-store.ts';
import { addMessage } from './add-message.ts';
import { attachmentDownloadHeaders } from './attachment-presenter.ts';
import { findAttachment, listAttachments } from './attachments.ts';
import { bulkUpdateTickets } from './bulk-update-tickets.ts';
import { createCategory, listCategories } from './categories.ts';
import { getTicket } from './get-ticket.ts';
import { TicketIntake } from './intake.ts';
import { createLink, deleteLink } from './links.ts';
import { listTickets } from './list-tickets.ts';
import { listMessages } from './messages.ts';
import { loadPriorityMatrix, savePriorityMatrix } from './priority-matrix.ts';
import { runImport } from './run-import.ts';
import { createSavedView, deleteSavedView, listSavedViews } from './saved-views.ts';
import { getTimeline } from './timeline.ts';
import { updateTicket } from './update-ticket.ts';
import { uploadAttachment } from './upload-attachment.ts';

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export async function ticketRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const store = new FileStore(deps.config.DATA_DIR);
  const intake = new TicketIntake(db, { transactions: deps.config.INTAKE_TRANSACTIONS });
  const tags = ['tickets'];

  app.post(
    '/tickets',
    // The hottest write (issue 18): its answer is the ticket as read, written as the read's is.
    {
      schema: { tags, body: CreateTicketInput, response: { 201: TicketDto } },
      serializerCompiler: fastSerializerCompiler,
    },
    async (request, reply) => {
      const ticket = await intake.open(requireActor(request), request.body);
      return reply.status(201).send(ticket);
    },
  );

  app.get(
    '/tickets',
    {
      schema: {
        tags,
        querystring: ListTicketsQuery,
        response: { 200: z.object({ items: z.array(TicketSummaryDto), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => listTickets({ tx: db, actor: requireActor(request), query: request.query }),
  );

  app.get(
    '/tickets/:id',
    // The hottest read (issue 18): written by fast-json-stringify from the same schema.
    {
      schema: { tags, params: IdParams, response: { 200: TicketDto } },
      serializerCompiler: fastSerializerCompiler,
    },
    async (request) => getTicket({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
  );

  app.patch(
    '/tickets/:id',
    { schema: { tags, params: IdParams, body: UpdateTicketInput, response: { 200: TicketDto } } },
    async (request) => {
      const actor = requireActor(request);
      return withPreparedStatements(() =>
        db.transaction((tx) => updateTicket({ tx, actor, ticketId: request.params.id, input: request.body })),
      );
    },
  );

  app.post(
    '/tickets/bulk',
    { schema: { tags, body: BulkTicketInput, response: { 200: BulkTicketResult } } },
    async (request) => {
      const actor = requireActor(request);
      const locale = requestLocale(request);
      return db.transaction((tx) => bulkUpdateTickets({ tx, actor, input: request.body, locale }));
    },
  );

  app.get(
    '/tickets/:id/messages',
    { schema: { tags, params: IdParams, response: { 200: list(MessageDto) } } },
    async (request) => listMessages({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
  );

  app.post(
    '/tickets/:id/messages',
    { schema: { tags, params: IdParams, body: CreateMessageInput, response: { 201: MessageDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const message = await withPreparedStatements(() =>
        db.transaction((tx) => addMessage({ tx, actor, ticketId: request.params.id, input: request.body })),
      );
      return reply.status(201).send(message);
    },
  );

  app.get(
    '/tickets/:id/timeline',
    { schema: { tags, params: IdParams, response: { 200: list(TimelineEventDto) } } },
    async (request) => getTimeline({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
  );

  app.post(
    '/tickets/:id/links',
    { schema: { tags, params: IdParams, body: CreateLinkInput, response: { 201: TicketLinkDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const link = await db.transaction((tx) =>
        createLink({ tx, actor, ticketId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(link);
    },
  );

  app.delete(
    '/tickets/:id/links/:linkId',
    { schema: { tags, params: z.object({ id: Id, linkId: Id }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      await db.transaction((tx) =>
        deleteLink({ tx, actor, ticketId: request.params.id, linkId: request.params.linkId }),
      );
      return reply.status(204).send();
    },
  );

  app.post(
    '/tickets/:id/attachments',
    {
      schema: { tags, params: IdParams, consumes: ['multipart/form-data'], response: { 201: AttachmentDto } },
    },
    async (request, reply) => {
      const attachment = await uploadAttachment({
        db,
        store,
        actor: requireActor(request),
        ticketId: request.params.id,
        parts: request.isMultipart()
          ? uploadParts(request, { limits: { fileSize: deps.config.ATTACHMENT_MAX_BYTES + 1 } })
          : null,
        maxBytes: deps.config.ATTACHMENT_MAX_BYTES,
      });
      return reply.status(201).send(attachment);
    },
  );

  app.get(
    '/tickets/:id/attachments',
    { schema: { tags, params: IdParams, response: { 200: list(AttachmentDto) } } },
    async (request) => listAttachments({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
  );

  app.get(
    '/tickets/:id/attachments/:attachmentId',
    { schema: { tags, params: z.object({ id: Id, attachmentId: Id }) } },
    async (request, reply) => {
      const row = await findAttachment({
        tx: db,
        actor: requireActor(request),
        ticketId: request.params.id,
        attachmentId: request.params.attachmentId,
      });
      return reply.headers(attachmentDownloadHeaders(row)).send(store.open(row.storageKey));
    },
  );

  app.get('/categories', { schema: { tags, response: { 200: list(CategoryDto) } } }, async (request) => {
    requireActor(request);
    return listCategories(db);
  });

  app.post(
    '/categories',
    { schema: { tags, body: CreateCategoryInput, response: { 201: CategoryDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const category = await db.transaction((tx) => createCategory({ tx, actor, path: request.body.path }));
      return reply.status(201).send(category);
    },
  );

  const MatrixBody = z.object({ matrix: PriorityMatrix });
  app.get('/priority-matrix', { schema: { tags, response: { 200: MatrixBody } } }, async (request) => {
    requireActor(request);
    return { matrix: await loadPriorityMatrix(db) };
  });

  app.put(
    '/priority-matrix',
    { schema: { tags, body: MatrixBody, response: { 200: MatrixBody } } },
    async (request) => {
      const actor = requireActor(request);
      return {
        matrix: await db.transaction((tx) => savePriorityMatrix({ tx, actor, matrix: request.body.matrix })),
      };
    },
  );

  app.get('/views', { schema: { tags, response: { 200: list(SavedViewDto) } } }, async (request) =>
    listSavedViews({ tx: db, actor: requireActor(request) }),
  );

  app.post(
    '/views',
    { schema: { tags, body: CreateSavedViewInput, response: { 201: SavedViewDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const view = await db.transaction((tx) => createSavedView({ tx, actor, input: request.body }));
      return reply.status(201).send(view);
    },
  );

  app.delete('/views/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deleteSavedView({ tx, actor, viewId: request.params.id }));
    return reply.status(204).send();
  });

  app.post(
    '/import/tickets',
    {
      bodyLimit: 100 * 1024 * 1024,
      schema: {
        tags: ['import'],
        body: z.string(),
        consumes: ['application/x-ndjson'],
        response: { 200: ImportResult },
      },
    },
    async (request) =>
      runImport({
        db,
        actor: requireActor(request),
        body: request.body,
        locale: requestLocale(request),
        log: request.log,
      }),
  );
}
